import { DEFAULT_FACET, type EntityKind, FACETS, type FacetKey } from "../../domain/qa/facets.ts";
import { type Candidate, candidatesFor } from "./candidates.ts";
import type { Entity, EntityOf } from "./entities.ts";
import { fieldIsEmpty } from "./field-values.ts";
import type { KnowledgeIndex } from "./knowledge-index.ts";
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

/** Weights of the choice of (entity, facet); calibrated on the development set (docs/questions.md). */
export const PLANNER = {
  /** Below this, an entity found by words alone is not an answer. */
  threshold: 0.5,
  /** Below this, not even an entity named outright (its words cover too little of the question). */
  explicitThreshold: 0.25,
  /** A cue this strong says plainly what is asked: other kinds are not answered by their overview. */
  strongCue: 0.8,
  /** « Quelles actions… » : entities of the kind a list asks for. */
  listKind: 0.5,
  /** « Les actions de l'axe insertion » : an axis whose title covers this much of the words. */
  axisByTitle: 0.6,
  /** Named outright (a number, an acronym, a kind of meeting). */
  explicit: 0.3,
  /** A rule answers any question this much of its strongest cue. */
  ruleAnyCue: 0.4,
  kindCue: 0.5,
  passage: 0.3,
  /** The facet an entity is answered with when the question asks no field of its kind. */
  defaultFacet: 0.15,
  /** A list keeps the entities scoring at least this share of the best one. */
  listShare: 0.6,
  listFloor: 0.3,
  maxListed: 8,
  /** The entity the words point to this far ahead of any other is an answer down to `leadFloor`. */
  leadRatio: 2,
  leadFloor: 0.3,
  leadMaxUnknown: 0.3,
  /** A rule this relevant answers instead of the territory's overview. */
  ruleOverOverview: 0.3,
  /** A question that asks for fiches is answered by one from this relevance on. */
  actionFloor: 0.25,
};

export interface Choice {
  candidate: Candidate;
  facet: FacetKey;
  score: number;
}

function facetsAsked(reading: Reading, kind: EntityKind): boolean {
  return FACETS[kind].some((f) => (reading.facets.get(`${kind}.${f}` as FacetKey) ?? 0) > 0);
}

/** Whether the bot may answer with this candidate at all: named outright, or its words cover the question. */
function isSure(reading: Reading, c: Candidate, asksActions: boolean): boolean {
  if (c.kind === "territory")
    return (
      (reading.kinds.get("territory") ?? 0) > 0 ||
      [...reading.facets].some(([f, w]) => f.startsWith("territory.") && w >= 0.6)
    );
  // A set that came out empty (« le LAEP de Boé ») is an answer only when its kind was asked for.
  if (c.group && c.entities.length === 0)
    return (
      facetsAsked(reading, c.kind) ||
      (reading.kinds.get(c.kind) ?? 0) > 0 ||
      c.kind === "person" ||
      c.kind === "event"
    );
  // « Y a-t-il quelque chose sur les cars ? » : a fiche that touches the subject is worth listing.
  if (asksActions && c.kind === "action") return c.relevance >= PLANNER.actionFloor;
  return c.relevance >= PLANNER.threshold || (c.explicit && c.relevance >= PLANNER.explicitThreshold);
}

/** What a candidate stands for: a milestone stands for its fiche. */
const subjectOf = (c: Candidate) => {
  const e = c.entities[0];
  if (e?.kind === "milestone") return `action:${e.action.number}`;
  return e?.key ?? "";
};

/**
 * The one thing the question's words point to well ahead of anything else (« sur nos flyers, faut
 * mettre le logo ? » : the charter's rule on communication), even when they cover too little of the
 * question to pass the threshold.
 */
function clearLeader(candidates: readonly Candidate[], unknownShare: number): Candidate | null {
  // Words the plan does not know (« un conservatoire de musique ») say the question is elsewhere.
  if (unknownShare > PLANNER.leadMaxUnknown) return null;
  const found = candidates
    .filter((c) => !c.explicit && !c.group && c.kind !== "territory")
    .sort((a, b) => b.relevance - a.relevance);
  const top = found[0];
  if (!top || top.relevance < PLANNER.leadFloor) return null;
  const second = found.find((c) => subjectOf(c) !== subjectOf(top));
  return top.relevance >= PLANNER.leadRatio * (second?.relevance ?? 0) ? top : null;
}

/**
 * « En cas de désaccord sur la convention, quel tribunal ? » : the convention's own words (a rule)
 * answer rather than the territory's overview, which only says the question named the convention.
 */
function ruleOverOverview(reading: Reading, choice: Choice, candidates: readonly Candidate[]): Choice | null {
  if (choice.candidate.kind !== "territory" || choice.facet !== DEFAULT_FACET.territory) return null;
  // « Combien d'habitants ? » asks the overview itself.
  if ([...reading.facets].some(([f, w]) => f.startsWith("territory.") && w > 0)) return null;
  const rule = candidates
    .filter((c) => c.kind === "rule" && !c.group)
    .sort((a, b) => b.relevance - a.relevance)[0];
  if (!rule || rule.relevance < PLANNER.ruleOverOverview) return null;
  return { candidate: rule, facet: DEFAULT_FACET.rule, score: choice.score };
}

/** An acronym named, and its meaning the strongest thing asked (« que signifie AVS dans la fiche 2.7 ? »). */
function asksDefinition(reading: Reading): boolean {
  const definition = reading.facets.get("glossary.definition") ?? 0;
  // « Qu'est-ce que la CTG fait contre les logements insalubres ? » is about the logements.
  const aboutMore = reading.concepts.some((c) => !reading.acronyms.includes(c.word));
  return (
    reading.acronyms.length > 0 &&
    !aboutMore &&
    definition >= PLANNER.strongCue &&
    definition >= Math.max(...reading.facets.values())
  );
}

/** Every (candidate, facet) the bot may answer with, best first. */
export function rankChoices(
  reading: Reading,
  candidates: Candidate[],
  asksActions: boolean,
  unknownShare = 0,
): Choice[] {
  const strongest = Math.max(0, ...reading.facets.values());
  const listKinds = new Set(
    reading.list || reading.count ? [...reading.kinds].filter(([, w]) => w > 0).map(([k]) => k) : [],
  );
  // « Les axes de la CTG » : an acronym beside a kind of thing named plainly qualifies it; its
  // meaning is asked only with a cue that says so.
  const otherKindNamed = [...reading.kinds].some(([kind, w]) => kind !== "glossary" && w >= 1);
  const definitionAsked = (reading.facets.get("glossary.definition") ?? 0) >= PLANNER.strongCue;
  const leader = clearLeader(candidates, unknownShare);
  const out: Choice[] = [];
  for (const c of candidates) {
    if (!isSure(reading, c, asksActions) && c !== leader) continue;
    if (c.kind === "glossary" && otherKindNamed && !definitionAsked) continue;
    const asked = facetsAsked(reading, c.kind);
    for (const field of FACETS[c.kind]) {
      const facet = `${c.kind}.${field}` as FacetKey;
      // A rule of the convention is free text: it may answer any question, less surely than a field.
      const cue =
        c.kind === "rule"
          ? Math.max(reading.facets.get(facet) ?? 0, PLANNER.ruleAnyCue * strongest)
          : (reading.facets.get(facet) ?? 0);
      // The entity's overview, when the question asks nothing of its kind — and nothing plainly of another kind.
      // « Les axes du plan » : every axis with its enjeux, which say what each axis is about.
      const overview = c.kind === "axis" && c.group ? "axis.enjeux" : DEFAULT_FACET[c.kind];
      const byDefault =
        facet === overview && !asked && (strongest < PLANNER.strongCue || listKinds.has(c.kind));
      if (cue === 0 && !byDefault) continue;
      const score =
        c.relevance +
        cue +
        PLANNER.kindCue * Math.min(1, reading.kinds.get(c.kind) ?? 0) +
        (listKinds.has(c.kind) ? PLANNER.listKind : 0) +
        (c.explicit ? PLANNER.explicit : 0) +
        PLANNER.passage * (c.byFacet.get(facet) ?? 0) +
        (byDefault ? PLANNER.defaultFacet : 0);
      out.push({ candidate: c, facet, score });
    }
  }
  // Stable: among equal scores, the candidate found first (named outright before found by words).
  return out.sort((a, b) => b.score - a.score);
}

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
  const pool =
    actions.length > 0 && Math.max(...actions.map((c) => c.relevance)) >= PLANNER.actionFloor
      ? actions
      : candidates;
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
