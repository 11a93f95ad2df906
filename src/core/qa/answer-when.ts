import { context, list, reply, text } from "../../chat/reply.ts";
import type { Action, CalendarEvent, Milestone } from "../../domain/model.ts";
import { EVENT_KIND_LABELS } from "../../domain/model.ts";
import { localDate } from "../../domain/time/zoned.ts";
import { eventLine, milestoneLine } from "../present.ts";
import { answerConvention } from "./answer-convention.ts";
import { dontKnow } from "./dont-know.ts";
import { findAction } from "./find-action.ts";
import { type QaInput, topicOf } from "./qa-input.ts";
import { readQuestion } from "./question-parts.ts";
import { actionRef, compactRefs, eventRef, milestoneRef } from "./refs.ts";
import type { Answer } from "./types.ts";

/** Events of the asked kinds, the one the question most likely means first: by its words, then by date. */
export function pickEvents(input: QaInput, events: CalendarEvent[]): CalendarEvent[] {
  const { q, now } = input;
  const byWords = input.index.events
    .search(input.topic)
    .filter((h) => events.includes(h.item) && h.score >= 0.3)
    .map((h) => h.item);
  const past = events.filter((e) => e.start < now);
  const future = events.filter((e) => e.start >= now);
  const zone = input.index.knowledge.territory.timezone;
  const inYears = events.filter(
    (e) =>
      (q.years.length > 0 || q.months.length > 0) &&
      (q.years.length === 0 || q.years.includes(Number(localDate(e.start, zone).slice(0, 4)))) &&
      (q.months.length === 0 || q.months.includes(Number(localDate(e.start, zone).slice(5, 7)))),
  );
  let byDate: CalendarEvent[];
  if (inYears.length) byDate = inYears;
  else if (q.wantsPast) byDate = [...past].reverse();
  else if (q.wantsNext) byDate = future;
  else byDate = future.length ? future : [...past].reverse();
  // Words decide among the events the date rule allows; with no such event, words alone.
  const both = byWords.filter((e) => byDate.includes(e));
  if (both.length) return [...new Set([...both, ...byDate])];
  if (byWords.length && !q.wantsNext) return byWords;
  return byDate;
}

function milestoneOrder(input: QaInput, action: Action): Milestone[] {
  const matched = input.index.milestones
    .search(input.topic)
    .filter((h) => h.item.action.number === action.number && h.score >= 0.5)
    .map((h) => h.item.milestone);
  const upcoming = action.milestones.filter((m) => m.end !== null && m.end >= input.today && !m.done);
  return [...new Set([...matched, ...(input.q.wantsNext ? upcoming : []), ...action.milestones])];
}

function answerForAction(input: QaInput, action: Action): Answer {
  const t = input.index.knowledge.territory;
  const ordered = milestoneOrder(input, action);
  if (ordered.length === 0) {
    // The action exists but its fiche gives no date: say so, cite no date.
    return dontKnow(
      input,
      "when",
      `La fiche action ${action.number} (${action.title}) ne donne pas d'échéancier daté.`,
    );
  }
  return {
    intent: "when",
    refs: compactRefs([...ordered.map((m) => milestoneRef(action, m)), actionRef(action)]),
    reply: reply(
      text(`Échéancier de l'action ${action.number} (${action.title}) :`),
      list(ordered.map(milestoneLine)),
      context(`Source : ${t.name}, ${action.source ?? `fiche action ${action.number}`}.`),
    ),
  };
}

export function eventsAnswer(input: QaInput, events: CalendarEvent[], intent: "when" | "where"): Answer {
  const zone = input.index.knowledge.territory.timezone;
  const shown = events.slice(0, 5);
  const sources = [...new Set(shown.map((e) => e.source).filter((s): s is string => s !== null))];
  return {
    intent,
    refs: shown.map((e) => eventRef(e, zone)),
    reply: reply(
      list(shown.map((e) => eventLine(e, zone))),
      ...(shown.some((e) => e.example)
        ? [context("« exemple de démonstration » : date d'exemple, pas une date officielle.")]
        : []),
      context(`Source : ${sources.length ? sources.join(" ; ") : input.index.knowledge.territory.name}.`),
    ),
  };
}

const QUESTION_WORD =
  / (quand|quelle date|a quelle date|quel jour|quel mois|en quelle annee|quelle annee|pour quand|d ici quand|depuis quand) /g;

/**
 * What a "when" question is about: in the sentence that asks, the words after its question word
 * ("je prépare le COPIL… quand est prévu le déploiement ?" is about the déploiement), or before
 * it when nothing follows ("le tiers-lieu, il est créé en quelle année ? j'ai un élu qui…").
 */
function focus(input: QaInput): QaInput {
  const sentences = input.q.raw.split(/[?!.;]+/).filter((x) => x.trim().length > 0);
  for (const sentence of sentences) {
    const parts = readQuestion(sentence);
    const last = [...parts.text.matchAll(QUESTION_WORD)].at(-1);
    if (last?.index === undefined) continue;
    const after = readQuestion(parts.text.slice(last.index + last[0].length));
    const before = readQuestion(parts.text.slice(0, last.index));
    const meaningful = (q: typeof after) =>
      topicOf(q, input.ignore)
        .split(" ")
        .some((w) => w.length > 3);
    const chosen = meaningful(after) ? after : meaningful(before) ? before : null;
    if (chosen === null) return input;
    const kinds = [...new Set([...after.eventKinds, ...(chosen === before ? before.eventKinds : [])])];
    return {
      ...input,
      q: { ...input.q, eventKinds: kinds, wantsNext: input.q.wantsNext, wantsPast: input.q.wantsPast },
      topic: topicOf(chosen, input.ignore),
    };
  }
  return input;
}

const STRONG = 0.6;

const ORDINALS: [RegExp, number][] = [
  [/ (deuxieme|second|seconde|2e|2eme) /, 2],
  [/ (troisieme|3e|3eme) /, 3],
  [/ (quatrieme|4e|4eme) /, 4],
];

/** "La troisième date proposée" when the plan gives two: the honest answer is that it does not say. */
function beyondKnown(input: QaInput, events: CalendarEvent[]): Answer | null {
  const n = ORDINALS.find(([re]) => re.test(input.q.text))?.[1];
  if (n === undefined || events.length >= n) return null;
  const zone = input.index.knowledge.territory.timezone;
  return dontKnow(
    input,
    "when",
    `Le plan ne donne que ${events.length} date${events.length > 1 ? "s" : ""} pour cela ; il n'en mentionne pas de ${n}e.`,
    events.map((e) => eventLine(e, zone)),
  );
}

export function answerWhen(whole: QaInput): Answer {
  const found = findAction(whole, "when");
  if (found && "answer" in found) return found.answer;
  if (found) return answerForAction(whole, found.action);
  const input = focus(whole);
  const k = input.index.knowledge;
  const milestone = input.index.milestones.search(input.topic, { limit: 1 })[0];
  const kindEvents = k.events.filter((e) => input.q.eventKinds.includes(e.kind));
  const eventHits = input.index.events
    .search(input.topic)
    .filter((h) => kindEvents.length === 0 || kindEvents.includes(h.item));
  const event = eventHits[0];
  // A milestone the words clearly name beats an instance mentioned in passing.
  if (milestone && milestone.score >= STRONG && (!event || milestone.score > event.score)) {
    return answerForAction(input, milestone.item.action);
  }
  if (kindEvents.length) return eventsAnswer(input, pickEvents(input, kindEvents), "when");
  if (event && event.score >= 0.5 && (!milestone || event.score >= milestone.score)) {
    const close = eventHits.filter((h) => h.score >= event.score - 0.1).map((h) => h.item);
    return beyondKnown(input, close) ?? eventsAnswer(input, pickEvents(input, close), "when");
  }
  if (milestone && milestone.score >= 0.45) return answerForAction(input, milestone.item.action);
  if (input.q.eventKinds.length) {
    const label = EVENT_KIND_LABELS[input.q.eventKinds[0] ?? "autre"];
    const last = k.events.filter((e) => e.start < input.now).at(-1);
    return dontKnow(
      input,
      "when",
      `Aucun évènement « ${label} » n'est enregistré pour ${k.territory.name}.`,
      last ? [`Dernier évènement connu : ${eventLine(last, k.territory.timezone)}`] : [],
    );
  }
  if (/ (convention|ctg) /.test(input.q.text)) return answerConvention(input);
  return dontKnow(input, "when", `Je n'ai pas trouvé de date pour cela dans le plan de ${k.territory.name}.`);
}
