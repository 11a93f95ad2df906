import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { actionsSource, freeText, loadKnowledge } from "../src/core/knowledge-context.ts";
import { moreHint, pageLabel, paginate, takePage } from "../src/core/paginate.ts";
import { capitalize, milestoneLine } from "../src/core/present.ts";
import { type Block, context, heading, list, reply, text } from "../src/core/reply.ts";
import { parseEcheancier } from "../src/domain/echeancier/parse-echeancier.ts";
import type { TerritoryKnowledge } from "../src/domain/knowledge.ts";
import type { Action, Milestone } from "../src/domain/model.ts";
import { compareNumbers } from "../src/domain/text/action-number.ts";
import { ofName, theName, toName } from "../src/domain/text/french-names.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";
import { formatDateFr } from "../src/domain/time/french-format.ts";
import { addDays, addMonths, localDate } from "../src/domain/time/zoned.ts";

const DEFAULT_WINDOW_DAYS = 90;
/** Statuses whose late milestones no longer matter. */
const CLOSED = new Set<Action["status"]>(["realisee", "abandonnee"]);

export interface Period {
  from: string;
  to: string;
  label: string;
}

const fmt = (d: string) => formatDateFr(d, { weekday: false });
const span = (from: string, to: string) => `du ${fmt(from)} au ${fmt(to)}`;

/** The calendar week (Monday to Sunday), month or quarter around `today`. */
function around(today: string, unit: "week" | "month" | "quarter"): { from: string; to: string } {
  if (unit === "week") {
    const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
    return { from: monday, to: addDays(monday, 6) };
  }
  const month = Number(today.slice(5, 7));
  const first = unit === "month" ? month : month - ((month - 1) % 3);
  const from = `${today.slice(0, 4)}-${String(first).padStart(2, "0")}-01`;
  return { from, to: addDays(addMonths(from, unit === "month" ? 1 : 3), -1) };
}

/**
 * A period typed by the user: nothing (the next 90 days), "cette semaine", "ce mois", "trimestre",
 * "30 jours", "2024", "mars 2024", "T3 2025"…
 */
export function readPeriod(input: string | undefined, today: string): Period {
  if (input === undefined) {
    const to = addDays(today, DEFAULT_WINDOW_DAYS);
    return { from: today, to, label: `en cours ou à venir d'ici le ${fmt(to)}` };
  }
  const n = normalizeText(input);
  const days = n.match(/^(\d{1,3}) ?j(ours?)?$/);
  if (days?.[1]) {
    const to = addDays(today, Number(days[1]));
    return { from: today, to, label: `des ${days[1]} prochains jours (jusqu'au ${fmt(to)})` };
  }
  const named: [RegExp, "week" | "month" | "quarter", string][] = [
    [/^(cette )?semaine$/, "week", "de cette semaine"],
    [/^(ce )?mois( ci)?$/, "month", "de ce mois"],
    [/^(ce )?trimestre$/, "quarter", "de ce trimestre"],
  ];
  const keyword = named.find(([re]) => re.test(n));
  if (keyword) {
    const { from, to } = around(today, keyword[1]);
    return { from, to, label: `${keyword[2]} (${span(from, to)})` };
  }
  const [first] = parseEcheancier(input, { ref: today });
  if (first === undefined || first.confidence === 0 || first.start === null || first.end === null) {
    throw new BotError(
      "bad_period",
      `Je ne comprends pas la période « ${input} ». Exemples : « cette semaine », « ce mois », « trimestre », « en retard », « 2024 », « mars 2024 », « premier semestre 2025 », « 30 jours ».`,
    );
  }
  return { from: first.start, to: first.end, label: span(first.start, first.end) };
}

export interface EcheancesArgs {
  period: string | undefined;
  late: boolean;
  axis?: string;
  action?: string;
  page: number;
}

/** "en retard axe 2 page 2", "2024 action 11" → what to list; the period itself is read at run time. */
export function readEcheancesArgs(input: string | undefined): EcheancesArgs {
  const { rest, page } = takePage(input);
  let remaining = rest ?? "";
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(remaining);
    if (m === null) return undefined;
    remaining = `${remaining.slice(0, m.index)} ${remaining.slice(m.index + m[0].length)}`.trim();
    return m[2];
  };
  const axis = take(/(^|\s)axe\s*(\d+)(?=\s|$)/i);
  const action = take(/(^|\s)(?:action|fiche|fa)\s*(?:n°\s*)?(\d+(?:\.\d+)*)(?=\s|$)/i);
  if (/(^|\s)(axe|action|fiche)(\s|$)/i.test(remaining)) {
    throw new BotError("bad_arguments", "Filtre attendu : « axe 2 » ou « action 11 ».");
  }
  const late = /^(en )?retards?$/.test(normalizeText(remaining));
  return {
    period: late || remaining === "" ? undefined : remaining,
    late,
    ...(axis ? { axis } : {}),
    ...(action ? { action } : {}),
    page,
  };
}

interface Dated {
  action: Action;
  milestone: Milestone & { start: string; end: string };
}

function datedMilestones(actions: readonly Action[]): Dated[] {
  return actions.flatMap((action) =>
    action.milestones.flatMap((m) =>
      m.start !== null && m.end !== null ? [{ action, milestone: { ...m, start: m.start, end: m.end } }] : [],
    ),
  );
}

const byEnd = (a: Dated, b: Dated) =>
  a.milestone.end.localeCompare(b.milestone.end) || a.milestone.start.localeCompare(b.milestone.start);

/** The actions "axe N" / "action N" point at; an unknown axis or action is said with the known ones. */
function restrictActions(knowledge: TerritoryKnowledge, args: EcheancesArgs): Action[] {
  const { territory, axes, actions } = knowledge;
  if (args.axis !== undefined && !axes.some((a) => a.number === args.axis)) {
    throw new BotError(
      "not_found",
      `Le plan ${ofName(territory)} n'a pas d'axe ${args.axis}. Axes : ${axes.map((a) => a.number).join(", ") || "aucun"}.`,
    );
  }
  if (args.action !== undefined && !actions.some((a) => a.number === args.action)) {
    const numbers = actions.map((a) => a.number).sort(compareNumbers);
    throw new BotError(
      "unknown_action",
      `Je n'ai pas trouvé d'action ${args.action} ${toName(territory)}.${numbers.length ? ` Les fiches vont de ${numbers[0]} à ${numbers.at(-1)}.` : " Aucune fiche action n'est enregistrée."}`,
    );
  }
  return actions.filter(
    (a) =>
      (args.axis === undefined || a.axisNumber === args.axis) &&
      (args.action === undefined || a.number === args.action),
  );
}

function scopeLabel(args: EcheancesArgs): string {
  return [args.axis ? `axe ${args.axis}` : "", args.action ? `action ${args.action}` : ""]
    .filter(Boolean)
    .join(", ");
}

function commandOf(args: EcheancesArgs): string {
  return ["echeances", args.late ? "en retard" : (args.period ?? ""), scopeLabel(args).replace(", ", " ")]
    .filter(Boolean)
    .join(" ");
}

export const echeances = defineCommand({
  name: "echeances",
  aliases: ["échéances", "echeance", "échéance", "jalons"],
  summary: "les échéances des fiches actions sur une période, ou en retard",
  usage:
    "echeances [cette semaine | ce mois | 30 jours | trimestre | en retard | période] [axe N | action N]",
  help: "Liste les jalons des fiches actions dont la période recoupe celle demandée, les plus proches d'abord. Sans période : ceux en cours ou à venir dans les 90 jours. La période s'écrit en français : « cette semaine », « ce mois », « trimestre », « 30 jours », « 2024 », « mars 2024 », « 2nd semestre 2025 ». « en retard » liste les jalons passés qui ne sont pas faits, les plus anciens d'abord. « axe 2 » ou « action 11 » restreint la liste.",
  examples: [
    "echeances",
    "echeances cette semaine",
    "echeances en retard",
    "echeances 2024 axe 2",
    "echeances trimestre action 11",
  ],
  positional: ["periode"],
  args: z.object({ periode: freeText(readEcheancesArgs) }),
  permission: "everyone",
  async run({ periode: args }, ctx) {
    const { knowledge } = await loadKnowledge(ctx);
    const { territory } = knowledge;
    const today = localDate(ctx.now, territory.timezone);
    const period = args.late ? null : readPeriod(args.period, today);
    const scope = scopeLabel(args);
    const where = `${theName(territory)}${scope ? ` (${scope})` : ""}`;
    const all = datedMilestones(restrictActions(knowledge, args));
    const found = period
      ? all.filter((d) => d.milestone.start <= period.to && d.milestone.end >= period.from).sort(byEnd)
      : all
          .filter((d) => d.milestone.end < today && !d.milestone.done && !CLOSED.has(d.action.status))
          .sort(byEnd);
    if (found.length === 0) {
      return reply(
        text(
          period
            ? `Aucune échéance ${period.label} pour ${where}.`
            : `Aucune échéance en retard pour ${where}.`,
        ),
        context(
          period
            ? `Essayez une autre période, par exemple « ${ctx.prefix} echeances ${today.slice(0, 4)} ».`
            : "Un jalon est en retard quand sa date de fin est passée, qu'il n'est pas marqué comme fait et que son action n'est ni réalisée ni abandonnée.",
        ),
      );
    }
    const page = paginate(found, args.page);
    const line = ({ action, milestone }: Dated) =>
      `Action ${action.number} (${action.title}) — ${milestoneLine(milestone)}${period ? "" : ` — en retard depuis le ${fmt(addDays(milestone.end, 1))}`}`;
    const blocks: Block[] = [
      heading(
        `Échéances ${period ? period.label : "en retard"} — ${territory.name}${pageLabel(page, scope)}`,
      ),
      list(page.items.map(line)),
    ];
    const more = moreHint(page, commandOf(args), ctx.prefix);
    if (more) blocks.push(context(more));
    const count = capitalize(`${found.length} jalon${found.length > 1 ? "s" : ""}`);
    blocks.push(
      context(
        period
          ? `${count}, lu${found.length > 1 ? "s" : ""} dans les échéanciers des fiches actions. Détail : ${ctx.prefix} action <n°>.`
          : `${count} en retard (date de fin passée, jalon non marqué comme fait, action ni réalisée ni abandonnée). Détail : ${ctx.prefix} action <n°>.`,
      ),
      context(
        actionsSource(
          territory,
          page.items.map((d) => d.action),
        ),
      ),
    );
    return reply(...blocks);
  },
});
