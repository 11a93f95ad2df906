import { z } from "zod";
import { context, fields, heading, list, reply, text } from "../src/chat/reply.ts";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import type { ReminderKind } from "../src/domain/reminders/types.ts";
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
      z.enum(["ici", "stop", "pilote", "pilotes"], {
        error: "Action attendue : « ici », « stop » ou « pilote ».",
      }),
    )
    .optional(),
  portee: z
    .string()
    .transform((s) => normalizeText(s).replace(/s$/, ""))
    .transform((s) => (s === "echeance" ? "echeances" : s === "evenement" ? "evenements" : s))
    .pipe(
      z.enum(["echeances", "evenements", "tout"], {
        error: "Portée attendue : « échéances », « évènements » ou « tout ».",
      }),
    )
    .optional(),
});

export const rappels = defineCommand({
  name: "rappels",
  aliases: ["rappel-abonnement"],
  summary: "les rappels de ce canal : les voir, s'y abonner, les arrêter",
  usage: "rappels [ici [échéances|évènements|tout] | stop | pilote]",
  help: "Sans argument, montre les rappels que reçoit ce canal. « rappels ici » abonne ce canal aux rappels du territoire (échéances, évènements ou tout : récapitulatif du lundi compris). « rappels stop » les arrête. « rappels pilote » envoie aussi à chaque pilote, en message direct, les rappels de ses actions.",
  examples: ["rappels", "rappels ici tout", "rappels ici évènements", "rappels stop", "rappels pilote"],
  positional: ["action", "portee"],
  args: argsSchema,
  permission: "everyone",
  async run({ action, portee }, ctx) {
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
      const removed = await ctx.reminders.unsubscribe(ctx.platform, ctx.channelId);
      return reply(
        text(removed ? "Ce canal ne recevra plus de rappels." : "Ce canal ne recevait aucun rappel."),
      );
    }
    const territory = requireTerritory(ctx);
    if (action === "pilote" || action === "pilotes") {
      await ctx.reminders.setPilots(territory.slug, ctx.platform, ctx.channelId, true);
      return reply(
        text(
          `Les pilotes des actions de ${territory.name} recevront en direct les rappels de leurs actions.`,
        ),
        context("Un pilote est prévenu s'il est enregistré dans le plan avec son identifiant de messagerie."),
      );
    }
    const scope = SCOPES[portee ?? "tout"] ?? SCOPES.tout;
    if (!scope) throw new BotError("bad_arguments", "Portée inconnue.");
    await ctx.reminders.subscribe({
      territorySlug: territory.slug,
      platform: ctx.platform,
      channelId: ctx.channelId,
      kinds: scope.kinds,
      createdBy: ctx.userId,
    });
    const policy = await ctx.reminders.policyOf(territory.slug);
    return reply(
      text(`Ce canal recevra les rappels de ${territory.name} : ${scope.label}.`),
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
