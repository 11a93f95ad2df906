import { z } from "zod";
import { context, heading, list, reply, text } from "../src/chat/reply.ts";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { capitalize, milestoneLine } from "../src/core/present.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { parseEcheancier } from "../src/domain/echeancier/parse-echeancier.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";
import { formatDateFr } from "../src/domain/time/french-format.ts";
import { addDays, localDate } from "../src/domain/time/zoned.ts";

const DEFAULT_WINDOW_DAYS = 90;

export interface Period {
  from: string;
  to: string;
  label: string;
}

/** A period typed by the user: nothing (the next 90 days), "30 jours", "2024", "mars 2024", "T3 2025"… */
export function readPeriod(input: string | undefined, today: string): Period {
  const fmt = (d: string) => formatDateFr(d, { weekday: false });
  if (input === undefined) {
    const to = addDays(today, DEFAULT_WINDOW_DAYS);
    return { from: today, to, label: `en cours ou à venir d'ici le ${fmt(to)}` };
  }
  const days = normalizeText(input).match(/^(\d{1,3}) ?j(ours?)?$/);
  if (days?.[1]) {
    const to = addDays(today, Number(days[1]));
    return { from: today, to, label: `des ${days[1]} prochains jours (jusqu'au ${fmt(to)})` };
  }
  const [first] = parseEcheancier(input, { ref: today });
  if (first === undefined || first.confidence === 0 || first.start === null || first.end === null) {
    throw new BotError(
      "bad_period",
      `Je ne comprends pas la période « ${input} ». Exemples : « 2024 », « mars 2024 », « premier semestre 2025 », « 30 jours ».`,
    );
  }
  return { from: first.start, to: first.end, label: `du ${fmt(first.start)} au ${fmt(first.end)}` };
}

export const echeances = defineCommand({
  name: "echeances",
  aliases: ["échéances", "echeance", "échéance", "jalons"],
  summary: "les échéances des fiches actions sur une période",
  usage: "echeances [période]",
  help: "Liste les jalons des fiches actions dont la période recoupe celle demandée, les plus proches d'abord. Sans période : ceux en cours ou à venir dans les 90 jours. La période s'écrit en français : « 2024 », « mars 2024 », « 2nd semestre 2025 », « 30 jours ».",
  examples: ["echeances", "echeances 2024", "echeances premier semestre 2025", "echeances 30 jours"],
  positional: ["periode"],
  args: z.object({ periode: z.string().optional() }),
  permission: "everyone",
  async run({ periode }, ctx) {
    const territory = requireTerritory(ctx);
    const today = localDate(ctx.now, territory.timezone);
    const period = readPeriod(periode, today);
    const milestones = await ctx.repo.listMilestones(territory.id, { from: period.from, to: period.to });
    if (milestones.length === 0) {
      return reply(
        text(`Aucune échéance ${period.label} pour ${territory.name}.`),
        context(`Essayez une autre période, par exemple « ${ctx.prefix} echeances ${today.slice(0, 4)} ».`),
      );
    }
    return reply(
      heading(`Échéances ${period.label} — ${territory.name}`),
      list(milestones.map((m) => `Action ${m.actionNumber} (${m.actionTitle}) — ${milestoneLine(m)}`)),
      context(
        `${capitalize(`${milestones.length} jalon${milestones.length > 1 ? "s" : ""}`)}, lus dans les échéanciers des fiches actions. Détail : ${ctx.prefix} action <n°>.`,
      ),
    );
  },
});
