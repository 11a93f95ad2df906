import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { context, fields, heading, list, reply, text } from "../src/core/reply.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { actorOf } from "../src/domain/audit.ts";
import type { PolicyFile } from "../src/domain/reminders/policy.ts";
import type { ReminderKind } from "../src/domain/reminders/types.ts";
import { ofName } from "../src/domain/text/french-names.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";

const SCOPES: Record<string, { kinds: ReminderKind[]; label: string }> = {
  echeances: {
    kinds: ["milestone", "overdue", "convention", "referents"],
    label: "échéances des fiches actions",
  },
  evenements: { kinds: ["event"], label: "instances et journées ressources" },
  tout: {
    kinds: ["milestone", "overdue", "event", "convention", "referents", "digest"],
    label: "tous les rappels",
  },
};

const KIND_LABELS: Record<ReminderKind, string> = {
  milestone: "échéances",
  overdue: "échéances en retard",
  event: "évènements",
  convention: "convention",
  referents: "liste des référents",
  digest: "récapitulatif du lundi",
};

const argsSchema = z.object({
  action: z
    .string()
    .transform((s) => normalizeText(s))
    .pipe(
      z.enum(["ici", "stop", "pilote", "pilotes", "heure", "jours", "recapitulatif"], {
        error: "Action attendue : « ici », « stop », « pilote », « heure », « jours » ou « récapitulatif ».",
      }),
    )
    .optional(),
  valeur: z.string().optional(),
});

function readScope(valeur: string | undefined): { kinds: ReminderKind[]; label: string } {
  const key = normalizeText(valeur ?? "tout").replace(/s$/, "");
  const scope = SCOPES[key === "echeance" ? "echeances" : key === "evenement" ? "evenements" : key];
  if (!scope)
    throw new BotError("bad_arguments", "Portée attendue : « échéances », « évènements » ou « tout ».");
  return scope;
}

/** "rappels heure 8", "rappels jours 30,7,0", "rappels récapitulatif non": the territory's policy. */
function readPolicyChange(
  action: "heure" | "jours" | "recapitulatif",
  valeur: string | undefined,
): PolicyFile {
  const v = normalizeText(valeur ?? "");
  if (action === "heure") {
    const m = v.match(/^(\d{1,2}) ?(?:h ?(\d{2})?)?$/);
    const hour = Number(m?.[1]);
    const minute = Number(m?.[2] ?? 0);
    if (!m || hour > 23 || minute > 59)
      throw new BotError(
        "bad_arguments",
        "Heure attendue entre 0 et 23, par exemple « rappels heure 8 » ou « 8h30 ».",
      );
    return { heure: hour, minute };
  }
  if (action === "jours") {
    const days = v.split(" ").filter(Boolean).map(Number);
    if (days.length === 0 || days.length > 10 || days.some((d) => !Number.isInteger(d) || d < 0 || d > 400)) {
      throw new BotError(
        "bad_arguments",
        "Jours attendus : des nombres de jours avant l'échéance, par exemple « rappels jours 30,7,0 ».",
      );
    }
    return { echeances_jours_avant: [...new Set(days)].sort((a, b) => b - a) };
  }
  if (v === "non" || v === "off") return { digest: false };
  if (v === "oui" || v === "on" || v === "") return { digest: { jour_semaine: 1, heure: 9 } };
  throw new BotError("bad_arguments", "Répondez « oui » ou « non » : « rappels récapitulatif non ».");
}

export const rappels = defineCommand({
  name: "rappels",
  aliases: ["rappel-abonnement"],
  summary: "les rappels de ce canal : les voir, s'y abonner, les arrêter",
  usage:
    "rappels [ici [échéances|évènements|tout] | stop | pilote | heure <H> | jours <J,…> | récapitulatif oui|non]",
  help: "Sans argument, montre les rappels que reçoit ce canal. « rappels ici » abonne ce canal aux rappels du territoire (échéances, évènements ou tout : récapitulatif du lundi compris). « rappels stop » les arrête. « rappels pilote » envoie aussi à chaque pilote, en message direct, les rappels de ses actions. Un coordinateur règle l'heure (« rappels heure 8 »), les jours avant une échéance (« rappels jours 30,7,0 ») et le récapitulatif du lundi.",
  examples: [
    "rappels",
    "rappels ici tout",
    "rappels ici évènements",
    "rappels stop",
    "rappels pilote",
    "rappels heure 8",
    "rappels jours 30,7,0",
  ],
  positional: ["action", "valeur"],
  args: argsSchema,
  permission: "everyone",
  async run({ action, valeur }, ctx) {
    if (action === undefined) {
      const subs = await ctx.reminders.channelSubscriptions(ctx.platform, ctx.channelId);
      if (subs.length === 0) {
        return reply(
          text("Ce canal ne reçoit aucun rappel."),
          context(
            `Pour les recevoir : « ${ctx.prefix} rappels ici tout » (ou « échéances », « évènements »).`,
          ),
        );
      }
      return reply(
        heading("Rappels de ce canal"),
        list(
          subs.map(
            (s) =>
              `${s.territoryName} : ${s.kinds.map((k) => KIND_LABELS[k]).join(", ") || "aucun type"}${s.pilots ? " ; pilotes prévenus en direct" : ""}`,
          ),
        ),
        context(`Pour les arrêter : « ${ctx.prefix} rappels stop ».`),
      );
    }
    if (!ctx.permissions.has("coordinator")) {
      throw new BotError("forbidden", "Seul un coordinateur de la CTG peut régler les rappels d'un canal.");
    }
    if (action === "stop") {
      const removed = await ctx.reminders.unsubscribe(
        ctx.platform,
        ctx.channelId,
        actorOf(ctx.platform, ctx.userId),
      );
      return reply(
        text(removed ? "Ce canal ne recevra plus de rappels." : "Ce canal ne recevait aucun rappel."),
      );
    }
    const territory = requireTerritory(ctx);
    if (action === "pilote" || action === "pilotes") {
      await ctx.reminders.setPilots(
        territory.slug,
        ctx.platform,
        ctx.channelId,
        true,
        actorOf(ctx.platform, ctx.userId),
      );
      return reply(
        text(
          `Les pilotes des actions ${ofName(territory)} recevront en direct les rappels de leurs actions.`,
        ),
        context("Un pilote est prévenu s'il est enregistré dans le plan avec son identifiant de messagerie."),
      );
    }
    if (action === "heure" || action === "jours" || action === "recapitulatif") {
      const policy = await ctx.reminders.updatePolicy(
        territory.slug,
        readPolicyChange(action, valeur),
        actorOf(ctx.platform, ctx.userId),
      );
      return reply(
        text(`Rappels ${ofName(territory)} mis à jour.`),
        fields([
          ["Heure", `${policy.hour} h${policy.minute ? String(policy.minute).padStart(2, "0") : ""}`],
          ["Échéances", policy.milestoneDays.map((d) => (d === 0 ? "le jour même" : `J-${d}`)).join(", ")],
          ["Récapitulatif du lundi", policy.digest ? "oui" : "non"],
        ]),
        context("Les rappels pas encore envoyés suivent ce réglage dès la prochaine minute."),
      );
    }
    const scope = readScope(valeur);
    await ctx.reminders.subscribe({
      territorySlug: territory.slug,
      platform: ctx.platform,
      channelId: ctx.channelId,
      kinds: scope.kinds,
      createdBy: ctx.userId,
    });
    const policy = await ctx.reminders.policyOf(territory.slug);
    return reply(
      text(`Ce canal recevra les rappels ${ofName(territory)} : ${scope.label}.`),
      fields([
        [
          "Heure",
          `${policy.hour} h${policy.minute ? String(policy.minute).padStart(2, "0") : ""} (heure de ${territory.timezone})`,
        ],
        ["Échéances", policy.milestoneDays.map((d) => (d === 0 ? "le jour même" : `J-${d}`)).join(", ")],
        ["Évènements", policy.eventDays.map((d) => (d === 0 ? "le matin même" : `J-${d}`)).join(", ")],
      ]),
      context("Chaque rappel n'est envoyé qu'une fois, même après un redémarrage."),
    );
  },
});
