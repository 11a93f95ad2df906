import {
  endOfLocalDay,
  inWindow,
  localAt,
  weekdayOf,
  windowDates,
} from "../../domain/reminders/local-time.ts";
import { formatPeriodFr } from "../../domain/time/french-format.ts";
import { addDays, instantToLocal, localDate } from "../../domain/time/zoned.ts";
import { context, heading, list, reply, text } from "../reply.ts";
import { type Draft, type OpenMilestone, openMilestones, type PlanContext } from "./draft.ts";
import { actionFr, dateFr, eventTitleFr, eventWhenFr, plural, territorySourceFr } from "./wording.ts";

/** How far ahead the weekly digest looks, the digest's own day included. */
export const DIGEST_DAYS = 14;

interface Line {
  sortKey: string;
  text: string;
}

/** Every digest weekday: the milestones and events of the next 14 days and how many are late. */
export function digestDrafts(ctx: PlanContext): Draft[] {
  const digest = ctx.policy.digest;
  if (digest === null) return [];
  const drafts: Draft[] = [];
  const milestones = openMilestones(ctx.knowledge.actions, ctx.postponed);
  for (const date of windowDates(ctx.window)) {
    if (weekdayOf(date) !== digest.weekday) continue;
    const at = localAt(date, digest.hour, 0, ctx.zone);
    if (!inWindow(at, ctx.window)) continue;
    const last = addDays(date, DIGEST_DAYS - 1);
    const lines = [...milestoneLines(milestones, date, last), ...eventLines(ctx, date, last)].sort((a, b) =>
      a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0,
    );
    const late = milestones.filter((om) => om.end < date).length;
    if (lines.length === 0 && late === 0) continue;
    drafts.push(digestDraft(ctx, date, at, lines, late));
  }
  return drafts;
}

function digestDraft(ctx: PlanContext, date: string, at: Date, lines: Line[], late: number): Draft {
  const t = ctx.knowledge.territory;
  const last = addDays(date, DIGEST_DAYS - 1);
  const title = `Les ${DIGEST_DAYS} prochains jours — ${t.name}`;
  const intro = `Du ${dateFr(date)} au ${dateFr(last)} :`;
  const empty = lines.length === 0 ? ["Aucune échéance ni aucun évènement prévu."] : [];
  const lateLine =
    late > 0
      ? [
          `${plural(late, "échéance")} en retard, pas encore ${late > 1 ? "marquées" : "marquée"} comme ${late > 1 ? "faites" : "faite"}.`,
        ]
      : [];
  const source = territorySourceFr(t);
  return {
    kind: "digest",
    ref: t.slug,
    step: date,
    at,
    text: [`${title}. ${intro}`, ...lines.map((l) => `- ${l.text}`), ...empty, ...lateLine, source].join(
      "\n",
    ),
    reply: reply(
      heading(title),
      text(intro),
      ...(lines.length ? [list(lines.map((l) => l.text))] : empty.map(text)),
      ...lateLine.map(text),
      context(source),
    ),
    subjectAt: endOfLocalDay(date, ctx.zone),
    actionNumber: null,
  };
}

/** A period that starts or ends within [first, last]; a day-precise milestone once, on its date. */
function milestoneLines(milestones: OpenMilestone[], first: string, last: string): Line[] {
  const within = (d: string) => d >= first && d <= last;
  const lines: Line[] = [];
  for (const om of milestones) {
    const { milestone: m } = om;
    const what = () => `${m.label} — ${actionFr(om.action)}`;
    if (m.precision === "day" || om.postponed) {
      if (within(om.end)) lines.push(line(om.end, `${dateFr(om.end)} — échéance : ${what()}`));
      continue;
    }
    if (!within(m.start) && !within(om.end)) continue;
    const period = formatPeriodFr(m.start, m.end, m.precision);
    if (within(m.start)) lines.push(line(m.start, `${dateFr(m.start)} — début (${period}) : ${what()}`));
    if (within(om.end)) lines.push(line(om.end, `${dateFr(om.end)} — fin (${period}) : ${what()}`));
  }
  return lines;
}

function eventLines(ctx: PlanContext, first: string, last: string): Line[] {
  return ctx.knowledge.events
    .filter((e) => {
      const day = localDate(e.start, ctx.zone);
      return day >= first && day <= last;
    })
    .map((e) => {
      const local = instantToLocal(e.start, ctx.zone, false);
      const flags = e.example ? " (exemple de démonstration)" : "";
      const place = e.place ? ` — ${e.place}` : "";
      return {
        sortKey: `${local.slice(0, 10)}|1|${local.slice(11)}|${e.key}`,
        text: `${eventWhenFr(e, ctx.zone)} — ${eventTitleFr(e)}${place}${flags}`,
      };
    });
}

/** Milestones sort at the local start of their day (before the day's events). */
function line(date: string, text: string): Line {
  return { sortKey: `${date}|0|${text}`, text };
}
