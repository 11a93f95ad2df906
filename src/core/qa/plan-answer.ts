import { DEFAULT_FACET, type FacetKey } from "../../domain/qa/facets.ts";
import { type Candidate, candidatesFor } from "./candidates.ts";
import type { Entity, EntityOf } from "./entities.ts";
import { fieldIsEmpty } from "./field-values.ts";
import type { KnowledgeIndex } from "./knowledge-index.ts";
import {
  asksDefinition,
  asksRule,
  type Choice,
  PLANNER,
  rankChoices,
  ruleOverOverview,
} from "./rank-choices.ts";
import type { Reading } from "./read-question.ts";
import { type Retrieval, retrieve } from "./retrieve.ts";
import { selectEvents } from "./select-events.ts";

/** Why the bot says it does not know. */
export type UnknownReason =
  | { code: "no_such_action"; number: string }
  | { code: "no_such_axis"; number: string }
  | { code: "absent"; label: string }
  | { code: "missing_field"; entity: Entity; facet: FacetKey }
  | { code: "no_event"; candidate: Candidate; last: Entity | null }
  | { code: "empty_set"; candidate: Candidate }
  | { code: "no_actions" }
  | { code: "no_nth"; ordinal: number; known: Entity[] }
  | { code: "no_definition"; acronym: string }
  | { code: "not_in_plan" };

export type Plan =
  | {
      type: "answer";
      facet: FacetKey;
      /** Best first; more than one for a list. */
      entities: Entity[];
      confidence: number;
    }
  | { type: "unknown"; reason: UnknownReason; near: Entity[] };

/** The nearest things the plan has, one per fiche (a milestone stands for its fiche), for choices. */
function near(retrieval: Retrieval, n = 3): Entity[] {
  const out: Entity[] = [];
  const seen = new Set<string>();
  for (const h of retrieval.hits) {
    if (h.score < 0.2 || h.entity.kind === "territory") continue;
    const key = h.entity.kind === "milestone" ? `action:${h.entity.action.number}` : h.entity.key;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h.entity);
    if (out.length === n) break;
  }
  return out;
}

/** Entities of a kind the question asks a list of, best first. */
function listOf(reading: Reading, index: KnowledgeIndex, choice: Choice, candidates: Candidate[]): Entity[] {
  const c = choice.candidate;
  if (c.group) return c.entities;
  const kind = c.kind;
  if (kind === "action" && reading.axisNumbers.length) {
    const actions = (index.byKind.get("action") ?? []) as EntityOf<"action">[];
    return actions.filter(
      (a) => a.action.axisNumber !== null && reading.axisNumbers.includes(a.action.axisNumber),
    );
  }
  const same = candidates.filter((x) => x.kind === kind && !x.group && !x.explicit);
  const top = Math.max(c.relevance, ...same.map((x) => x.relevance));
  const kept = same
    .filter((x) => x.relevance >= Math.max(PLANNER.listFloor, top * PLANNER.listShare))
    .flatMap((x) => x.entities);
  return [...new Set([c.entities[0], ...kept].filter((e): e is Entity => e !== undefined))];
}

export function planAnswer(reading: Reading, index: KnowledgeIndex, now: Date): Plan {
  const retrieval = retrieve(reading.concepts, index);
  const k = index.knowledge;

  const missingAction = reading.actionNumbers.find((n) => !k.actions.some((a) => a.number === n));
  if (missingAction !== undefined)
    return { type: "unknown", reason: { code: "no_such_action", number: missingAction }, near: [] };
  const missingAxis = reading.axisNumbers.find((n) => !k.axes.some((a) => a.number === n));
  if (missingAxis !== undefined)
    return { type: "unknown", reason: { code: "no_such_axis", number: missingAxis }, near: [] };

  const all = candidatesFor(reading, index, retrieval);
  // A fiche named by its number is what the answer is about (its fields, its milestones).
  const numbers = new Set(reading.actionNumbers);
  const aboutNumbered = (c: Candidate) =>
    c.entities.some((e) => (e.kind === "action" || e.kind === "milestone") && numbers.has(e.action.number));
  // … unless the question plainly asks for something else (« les règles sur les logos pour la fête de
  // l'action 4 »).
  const otherKind = [...reading.kinds].some(([kind, w]) => kind !== "action" && w >= 1);
  // « Que signifie AVS dans la fiche 2.7 ? » : the acronym's meaning, wherever it was read.
  const definitions = asksDefinition(reading) ? all.filter((c) => c.kind === "glossary" && c.explicit) : [];
  const candidates =
    definitions.length > 0 ? definitions : numbers.size && !otherKind ? all.filter(aboutNumbered) : all;
  const wantsList = (reading.list || reading.count) && numbers.size === 0;
  const asksActions = (reading.kinds.get("action") ?? 0) > 0 && wantsList;

  // A plan without fiches: the axis that carries the subject answers, else the plan says it has none.
  if (asksActions && k.actions.length === 0) {
    const axis = candidates.find((c) => c.kind === "axis" && !c.group && c.relevance >= PLANNER.threshold);
    if (axis)
      return {
        type: "answer",
        facet: "axis.titre",
        entities: axis.entities.slice(0, 1),
        confidence: axis.relevance,
      };
    return { type: "unknown", reason: { code: "no_actions" }, near: near(retrieval) };
  }
  // « L'axe insertion » : an axis named by its title, when the question says « axe ».
  const namedAxis =
    (reading.kinds.get("axis") ?? 0) > 0 && reading.axisNumbers.length === 0
      ? retrieval.hits.find((h) => h.entity.kind === "axis" && h.score >= PLANNER.axisByTitle)?.entity
      : undefined;
  const axisNumbers = namedAxis?.kind === "axis" ? [namedAxis.axis.number] : reading.axisNumbers;
  // « Combien d'actions ? », « les fiches de l'axe 2 » : every fiche, or those of the axis.
  if (asksActions && (reading.concepts.length === 0 || axisNumbers.length > 0)) {
    const all = ((index.byKind.get("action") ?? []) as EntityOf<"action">[]).filter(
      (a) =>
        axisNumbers.length === 0 ||
        (a.action.axisNumber !== null && axisNumbers.includes(a.action.axisNumber)),
    );
    return { type: "answer", facet: "action.titre", entities: all, confidence: 1 };
  }

  // « C'est quoi la MIL ? » : an acronym no glossary spells out is not guessed from the fiches that use it.
  const definition = reading.facets.get("glossary.definition") ?? 0;
  if (
    reading.unknownAcronyms.length &&
    reading.acronyms.length === 0 &&
    definition >= Math.max(...reading.facets.values())
  ) {
    return {
      type: "unknown",
      reason: { code: "no_definition", acronym: reading.unknownAcronyms[0] ?? "" },
      near: near(retrieval),
    };
  }

  // « Y a-t-il une action sur … ? » : a fiche answers, when one is near enough; not the glossary
  // entry or the equipment that shares its words.
  const actions = asksActions ? candidates.filter((c) => c.kind === "action" && !c.group) : [];
  // « Est-ce qu'on a le droit de … ? » : likewise the convention's rules.
  const rules = asksRule(reading) ? candidates.filter((c) => c.kind === "rule" && !c.group) : [];
  const best = (xs: Candidate[]) => Math.max(0, ...xs.map((c) => c.relevance));
  const pool =
    best(actions) >= PLANNER.actionFloor ? actions : best(rules) >= PLANNER.ruleFloor ? rules : candidates;
  const ranked = rankChoices(reading, pool, asksActions, retrieval.unknownShare)[0] ?? null;
  const choice = (ranked && ruleOverOverview(reading, ranked, pool)) ?? ranked;
  if (choice === null) {
    if (reading.absent !== null)
      return { type: "unknown", reason: { code: "absent", label: reading.absent }, near: near(retrieval) };
    if ((reading.kinds.get("action") ?? 0) > 0 && k.actions.length === 0)
      return { type: "unknown", reason: { code: "no_actions" }, near: near(retrieval) };
    return { type: "unknown", reason: { code: "not_in_plan" }, near: near(retrieval) };
  }
  const c = choice.candidate;
  // « Le budget de l'action 3 » : unless what it answers with mentions it, the plan does not say.
  const absentFound = reading.absentWords.filter((w) => c.matched.has(w)).length;
  if (reading.absent !== null && !asksActions && absentFound * 2 < reading.absentWords.length) {
    return { type: "unknown", reason: { code: "absent", label: reading.absent }, near: near(retrieval) };
  }

  if (c.kind === "event") {
    const events = selectEvents(
      c.entities as EntityOf<"event">[],
      reading,
      now,
      k.territory.timezone,
      retrieval,
    );
    if (reading.ordinal !== null && events.chosen.length < reading.ordinal)
      return {
        type: "unknown",
        reason: { code: "no_nth", ordinal: reading.ordinal, known: events.chosen },
        near: [],
      };
    if (events.chosen.length === 0)
      return { type: "unknown", reason: { code: "no_event", candidate: c, last: events.last }, near: [] };
    const nth =
      reading.ordinal === null ? events.chosen : events.chosen.slice(reading.ordinal - 1, reading.ordinal);
    return { type: "answer", facet: choice.facet, entities: nth, confidence: c.relevance };
  }
  if (c.group && c.entities.length === 0) {
    return { type: "unknown", reason: { code: "empty_set", candidate: c }, near: near(retrieval) };
  }

  const entities = wantsList || c.group ? listOf(reading, index, choice, candidates) : c.entities.slice(0, 1);
  const first = entities[0];
  const unsigned =
    choice.facet === "territory.signature" &&
    k.territory.signedOn === null &&
    !k.events.some((e) => e.kind === "signature");
  if (first && entities.length === 1 && (fieldIsEmpty(first, choice.facet) || unsigned)) {
    // « Qui … ? » hints at a pilote: a fiche that names none is shown whole, not said empty.
    if (
      Math.max(0, ...reading.facets.values()) < PLANNER.strongCue &&
      choice.facet !== DEFAULT_FACET[first.kind]
    )
      return { type: "answer", facet: DEFAULT_FACET[first.kind], entities, confidence: c.relevance };
    return {
      type: "unknown",
      reason: { code: "missing_field", entity: first, facet: choice.facet },
      near: [first],
    };
  }
  return { type: "answer", facet: choice.facet, entities, confidence: c.relevance };
}
