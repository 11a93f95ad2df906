import type { CalendarEvent } from "../../domain/model.ts";
import { daysBetween, inWindow, localAt } from "../../domain/reminders/local-time.ts";
import { relativeDaysFr } from "../../domain/time/french-format.ts";
import { addDays, localDate } from "../../domain/time/zoned.ts";
import { type Block, context, fields, heading, reply, text } from "../reply.ts";
import type { Draft, PlanContext } from "./draft.ts";
import {
  capitalize,
  closeSentence,
  dayStep,
  EXAMPLE_NOTE,
  eventTitleFr,
  eventWhenFr,
  territorySourceFr,
} from "./wording.ts";

/**
 * The ref of each event: its local start date, as in the questions. When several events start the
 * same day, the first (by start, then key) keeps the bare date and the others add `~<event key>`,
 * so that their keys differ.
 */
export function eventRefs(events: CalendarEvent[], zone: string): Map<CalendarEvent, string> {
  const sorted = [...events].sort((a, b) => a.start.getTime() - b.start.getTime() || cmp(a.key, b.key));
  const refs = new Map<CalendarEvent, string>();
  const taken = new Set<string>();
  for (const e of sorted) {
    const date = localDate(e.start, zone);
    refs.set(e, taken.has(date) ? `${date}~${e.key}` : date);
    taken.add(date);
  }
  return refs;
}

/** J-14 (with place and description), J-2 at the usual hour, J0 in the morning. */
export function eventDrafts(ctx: PlanContext): Draft[] {
  const { policy, zone } = ctx;
  const drafts: Draft[] = [];
  for (const [event, ref] of eventRefs(ctx.knowledge.events, zone)) {
    const day = localDate(event.start, zone);
    for (const days of policy.eventDays) {
      const at =
        days === 0
          ? localAt(day, policy.eventMorningHour, 0, zone)
          : localAt(addDays(day, -days), policy.hour, policy.minute, zone);
      if (!inWindow(at, ctx.window)) continue;
      // The morning reminder of a meeting that has already begun would announce it too late.
      if (days === 0 && !event.allDay && at.getTime() >= event.start.getTime()) continue;
      const detailed = days === Math.max(...policy.eventDays.filter((d) => d > 0));
      drafts.push({
        kind: "event",
        ref,
        step: dayStep(days),
        at,
        ...eventWording(ctx, event, relativeDaysFr(days), detailed),
        subjectAt: event.start,
        actionNumber: null,
      });
    }
  }
  return drafts;
}

/** Before each COPIL: time to prepare the yearly evaluation. */
export function evaluationDrafts(ctx: PlanContext): Draft[] {
  const { policy, zone, knowledge } = ctx;
  const days = policy.evaluationBeforeCopilDays;
  if (days <= 0) return [];
  const instance = knowledge.instances.find((i) => i.kind === "copil");
  const drafts: Draft[] = [];
  for (const [event, ref] of eventRefs(knowledge.events, zone)) {
    if (event.kind !== "copil") continue;
    const date = addDays(localDate(event.start, zone), -days);
    const at = localAt(date, policy.hour, policy.minute, zone);
    if (!inWindow(at, ctx.window)) continue;
    const when = relativeDaysFr(daysBetween(date, localDate(event.start, zone)));
    const sentence = `${capitalize(when)}, le ${eventWhenFr(event, zone)} : ${eventTitleFr(event)}. Préparez l'évaluation annuelle de la CTG (bilan des actions et des indicateurs) à présenter au comité de pilotage.`;
    const notes = event.example ? [EXAMPLE_NOTE] : [];
    const source = territorySourceFr(knowledge.territory, event.source);
    drafts.push({
      kind: "event",
      ref,
      step: "evaluation",
      at,
      text: [sentence, ...notes, source].join(" "),
      reply: reply(
        heading(`Évaluation annuelle avant le COPIL — ${knowledge.territory.name}`),
        text(sentence),
        fields([
          ["Lieu", event.place],
          ["Rôle du COPIL", instance?.role],
        ]),
        ...notes.map(text),
        context(source),
      ),
      subjectAt: event.start,
      actionNumber: null,
    });
  }
  return drafts;
}

function eventWording(ctx: PlanContext, e: CalendarEvent, when: string, detailed: boolean) {
  const place = e.place ? ` — ${e.place}` : "";
  const sentence = `${capitalize(when)}, le ${eventWhenFr(e, ctx.zone)} : ${eventTitleFr(e)}${place}.`;
  const description = detailed && e.description ? [`Description : ${closeSentence(e.description)}`] : [];
  const notes = e.example ? [EXAMPLE_NOTE] : [];
  const source = territorySourceFr(ctx.knowledge.territory, e.source);
  const blocks: Block[] = [
    heading(`${capitalize(when)} — ${eventTitleFr(e)}`),
    text(sentence),
    fields([
      ["Date", capitalize(eventWhenFr(e, ctx.zone))],
      ["Lieu", e.place],
      ["Description", e.description],
    ]),
    ...notes.map(text),
    context(source),
  ];
  return { text: [sentence, ...description, ...notes, source].join(" "), reply: reply(...blocks) };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
