import {
  daysBetween,
  endOfLocalDay,
  inWindow,
  localAt,
  windowDates,
} from "../../domain/reminders/local-time.ts";
import { formatPeriodFr, relativeDaysFr } from "../../domain/time/french-format.ts";
import { addDays, addMonths } from "../../domain/time/zoned.ts";
import { fields, heading, reply, text } from "../reply.ts";
import { type Draft, type OpenMilestone, openMilestones, type PlanContext } from "./draft.ts";
import {
  actionFr,
  actionSourceFr,
  dateFr,
  dayStep,
  milestoneChoices,
  plural,
  shortDateFr,
} from "./wording.ts";

/** J-30 / J-7 / J0 for day-precise milestones; `debut` and `fin-M1` for the wider periods. */
export function milestoneDrafts(ctx: PlanContext): Draft[] {
  const drafts: Draft[] = [];
  for (const om of openMilestones(ctx.knowledge.actions, ctx.postponed)) {
    const { milestone: m } = om;
    if (m.precision === "day") {
      for (const days of ctx.policy.milestoneDays) {
        drafts.push(...dueDraft(ctx, om, dayStep(days), addDays(om.end, -days)));
      }
      continue;
    }
    if (ctx.policy.periodStart) drafts.push(...startDraft(ctx, om));
    const months = ctx.policy.periodMonthsBeforeEnd;
    const noticeDate = addMonths(om.end, -months);
    // A notice on or before the period's first day would only repeat (or precede) `debut`.
    if (months > 0 && noticeDate > m.start) drafts.push(...dueDraft(ctx, om, `fin-M${months}`, noticeDate));
  }
  return drafts;
}

/** "En retard" every `overdueEveryDays` days from the day after the (possibly postponed) end. */
export function overdueDrafts(ctx: PlanContext): Draft[] {
  const every = ctx.policy.overdueEveryDays;
  if (every <= 0) return [];
  const drafts: Draft[] = [];
  const dates = windowDates(ctx.window);
  const lastDate = dates.at(-1);
  if (lastDate === undefined) return [];
  // Day numbers once per window, not once per milestone and date.
  const dayNumbers = dates.map((date) => daysBetween(dates[0] ?? date, date));
  for (const om of openMilestones(ctx.knowledge.actions, ctx.postponed)) {
    const first = addDays(om.end, 1);
    if (first > lastDate) continue;
    const offset = daysBetween(first, dates[0] ?? first);
    for (const [i, date] of dates.entries()) {
      const since = offset + (dayNumbers[i] ?? 0);
      if (since < 0 || since % every !== 0) continue;
      const at = localAt(date, ctx.policy.hour, ctx.policy.minute, ctx.zone);
      if (!inWindow(at, ctx.window)) continue;
      const late = daysBetween(om.end, date);
      const sentence = `En retard : ${om.milestone.label} — ${actionFr(om.action)}. Échéance du ${dateFr(om.end)}${periodNote(om)}, dépassée depuis ${plural(late, "jour")}.`;
      drafts.push({
        kind: "overdue",
        ref: om.ref,
        step: date,
        at,
        text: `${sentence} ${actionSourceFr(ctx.knowledge.territory, om.action)}`,
        reply: milestoneReply(ctx, om, `Échéance en retard — action ${om.action.number}`, sentence),
        subjectAt: null,
        actionNumber: om.action.number,
      });
    }
  }
  return drafts;
}

/** A reminder before the (possibly postponed) end: "Échéance dans 7 jours, le mardi 26 mars 2024…". */
function dueDraft(ctx: PlanContext, om: OpenMilestone, step: string, date: string): Draft[] {
  const at = localAt(date, ctx.policy.hour, ctx.policy.minute, ctx.zone);
  if (!inWindow(at, ctx.window)) return [];
  const when = relativeDaysFr(daysBetween(date, om.end));
  const sentence = `Échéance ${when}, le ${dateFr(om.end)}${periodNote(om)} : ${om.milestone.label} — ${actionFr(om.action)}.${postponedNote(om)}`;
  return [
    {
      kind: "milestone",
      ref: om.ref,
      // Same step, same key whatever the date: a step already sent is not sent again after a
      // postponement (the outbox's rule); a pending one follows the new date.
      step,
      at,
      text: `${sentence} ${actionSourceFr(ctx.knowledge.territory, om.action)}`,
      reply: milestoneReply(ctx, om, `Échéance ${when} — action ${om.action.number}`, sentence),
      subjectAt: endOfLocalDay(om.end, ctx.zone),
      actionNumber: om.action.number,
    },
  ];
}

/** The notice on the first day of a month, quarter, semester, school year, year or range. */
function startDraft(ctx: PlanContext, om: OpenMilestone): Draft[] {
  const { milestone: m } = om;
  const at = localAt(m.start, ctx.policy.hour, ctx.policy.minute, ctx.zone);
  if (!inWindow(at, ctx.window)) return [];
  const period = formatPeriodFr(m.start, m.end, m.precision);
  const sentence = `Début de la période « ${period} » : ${m.label} — ${actionFr(om.action)}. Fin prévue le ${dateFr(om.end)}.${postponedNote(om)}`;
  return [
    {
      kind: "milestone",
      ref: om.ref,
      step: "debut",
      at,
      text: `${sentence} ${actionSourceFr(ctx.knowledge.territory, om.action)}`,
      reply: milestoneReply(ctx, om, `Début de période — action ${om.action.number}`, sentence),
      subjectAt: endOfLocalDay(om.end, ctx.zone),
      actionNumber: om.action.number,
    },
  ];
}

function milestoneReply(ctx: PlanContext, om: OpenMilestone, title: string, sentence: string) {
  const { action, milestone: m } = om;
  return reply(
    heading(title),
    text(sentence),
    fields([
      ["Action", `${action.number} — ${action.title}`],
      ["Échéance", dateFr(om.end)],
      ["Prévue initialement", om.postponed ? dateFr(m.end) : null],
      ["Pilote", action.pilote],
      ["Échéancier", m.text],
    ]),
    ...milestoneChoices(om.ref),
    { type: "context", text: actionSourceFr(ctx.knowledge.territory, action) },
  );
}

/** " (2e trimestre 2026)" for a period; nothing for a day. */
function periodNote(om: OpenMilestone): string {
  const { milestone: m } = om;
  return m.precision === "day" || om.postponed ? "" : ` (${formatPeriodFr(m.start, m.end, m.precision)})`;
}

function postponedNote(om: OpenMilestone): string {
  return om.postponed ? ` Date reportée : prévue initialement le ${shortDateFr(om.milestone.end)}.` : "";
}
