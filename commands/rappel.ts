import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { context, reply, text } from "../src/core/reply.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { actorOf } from "../src/domain/audit.ts";
import { parseEcheancier } from "../src/domain/echeancier/parse-echeancier.ts";
import { toName } from "../src/domain/text/french-names.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";
import { formatDateFr } from "../src/domain/time/french-format.ts";
import { addDays, localDate } from "../src/domain/time/zoned.ts";

const REF = /^(\d{1,2}(?:\.\d{1,2})*)@(\d{4}-\d{2}-\d{2})$/;

const argsSchema = z.object({
  geste: z
    .string({ error: "Indiquez « fait » ou « reporter », par exemple « rappel fait 11@2023-01-01 »." })
    .transform((s) => normalizeText(s))
    .pipe(z.enum(["fait", "reporter"], { error: "Indiquez « fait » ou « reporter »." })),
  jalon: z
    .string({ error: "Indiquez l'échéance, comme dans le rappel : « 11@2023-01-01 »." })
    .regex(
      REF,
      "L'échéance s'écrit comme dans le rappel : numéro d'action @ date de début, par exemple « 11@2023-01-01 ».",
    ),
  quand: z.string().optional(),
});

/** "au 15/03/2025", "au 15 mars 2025", "+7", "+7 jours" → the new end date. */
function newDate(input: string, today: string): string {
  const words = input.trim().replace(/^au\s+/i, "");
  const plus = words.match(/^\+\s*(\d{1,3})\s*(j|jours?)?$/i);
  if (plus?.[1]) return addDays(today, Number(plus[1]));
  const [first] = parseEcheancier(words, { ref: today });
  if (first?.precision === "day" && first.start && first.confidence > 0) return first.start;
  throw new BotError(
    "bad_period",
    `Je ne comprends pas la date « ${input} ». Exemples : « au 15/03/2025 », « au 15 mars 2025 », « +7 jours ».`,
  );
}

export const rappel = defineCommand({
  name: "rappel",
  aliases: [],
  summary: "marquer une échéance faite, ou la reporter, depuis un rappel",
  usage: "rappel fait <n°@date> | rappel reporter <n°@date> au <date> | +<jours>",
  help: "Les rappels d'échéance proposent ces réponses. « fait » arrête les rappels de cette échéance (dont « en retard ») ; « reporter » déplace sa date : les rappels suivants suivent la nouvelle date, ceux déjà envoyés ne sont pas répétés.",
  examples: [
    "rappel fait 11@2023-01-01",
    "rappel reporter 3@2024-01-01 au 30/06/2027",
    "rappel reporter 3@2024-01-01 +7",
  ],
  positional: ["geste", "jalon", "quand"],
  args: argsSchema,
  permission: "referent",
  async run({ geste, jalon, quand }, ctx) {
    const territory = requireTerritory(ctx);
    // Coordinators answer for any action; otherwise only the action's pilots answer for it.
    const number = jalon.split("@")[0] ?? "";
    const pilots = ctx.person?.roles.some((r) => r.role === "pilote" && r.action === number) ?? false;
    if (!ctx.permissions.has("coordinator") && !pilots) {
      throw new BotError(
        "forbidden",
        `Seuls les pilotes de l'action ${number} et les coordinateurs de la CTG peuvent marquer ou reporter ses échéances.`,
      );
    }
    const today = localDate(ctx.now, territory.timezone);
    if (geste === "fait") {
      const ok = await ctx.reminders.markMilestoneDone(
        territory.slug,
        jalon,
        ctx.now,
        actorOf(ctx.platform, ctx.userId),
      );
      if (!ok) throw new BotError("not_found", `Je ne trouve pas l'échéance ${jalon} ${toName(territory)}.`);
      return reply(
        text(`C'est noté : l'échéance ${jalon} est faite. Plus de rappel pour elle.`),
        context(`Marquée le ${formatDateFr(today)}.`),
      );
    }
    if (quand === undefined) {
      throw new BotError("bad_arguments", "Indiquez la nouvelle date : « au 30/06/2027 » ou « +7 jours ».");
    }
    const to = newDate(quand, today);
    if (to < today)
      throw new BotError("bad_period", `La nouvelle date (${formatDateFr(to)}) est déjà passée.`);
    const ok = await ctx.reminders.postponeMilestone(
      territory.slug,
      jalon,
      to,
      actorOf(ctx.platform, ctx.userId),
    );
    if (!ok) throw new BotError("not_found", `Je ne trouve pas l'échéance ${jalon} ${toName(territory)}.`);
    return reply(
      text(`C'est noté : l'échéance ${jalon} est reportée au ${formatDateFr(to)}.`),
      context("Les prochains rappels suivront cette date ; ceux déjà envoyés ne seront pas répétés."),
    );
  },
});
