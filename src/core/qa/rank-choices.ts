import { DEFAULT_FACET, type EntityKind, FACETS, type FacetKey } from "../../domain/qa/facets.ts";
import type { Candidate } from "./candidates.ts";
import type { Reading } from "./read-question.ts";

/*
 * The choice of (entity, facet) among the candidates: which may answer at all (threshold, named
 * outright, clear lead), and how each of their facets scores against the cues of the question.
 */

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
  /** A question that asks a rule (a kind cue this strong) is answered by one from `ruleFloor` on. */
  ruleKind: 0.8,
  ruleFloor: 0.25,
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
      c.kind === "event" ||
      // « Un LAEP à Layrac ? » : a kind of structure and a commune named, and none there.
      ((c.filters?.types?.length ?? 0) > 0 && (c.filters?.communes?.length ?? 0) > 0)
    );
  // « Y a-t-il quelque chose sur les cars ? » : a fiche that touches the subject is worth listing.
  if (asksActions && c.kind === "action") return c.relevance >= PLANNER.actionFloor;
  // « On a le droit de … ? » : the rule the words point to, even when they cover little of it.
  if (asksRule(reading) && c.kind === "rule") return c.relevance >= PLANNER.ruleFloor;
  return c.relevance >= PLANNER.threshold || (c.explicit && c.relevance >= PLANNER.explicitThreshold);
}

/** The question asks what the convention or the charter says (« est-ce obligatoire », « règles »). */
export function asksRule(reading: Reading): boolean {
  return (reading.kinds.get("rule") ?? 0) >= PLANNER.ruleKind;
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
export function ruleOverOverview(
  reading: Reading,
  choice: Choice,
  candidates: readonly Candidate[],
): Choice | null {
  if (choice.candidate.kind !== "territory" || choice.facet !== DEFAULT_FACET.territory) return null;
  // « Combien d'habitants ? » asks the overview itself.
  if ([...reading.facets].some(([f, w]) => f.startsWith("territory.") && w > 0)) return null;
  const rule = candidates
    .filter((c) => c.kind === "rule" && !c.group)
    .sort((a, b) => b.relevance - a.relevance)[0];
  if (!rule || rule.relevance < PLANNER.ruleOverOverview) return null;
  return { candidate: rule, facet: DEFAULT_FACET.rule, score: choice.score };
}

/**
 * The acronym named is what the question is about: nothing else is asked more, no other word is
 * left (« qu'est-ce que la CTG fait contre les logements insalubres ? » is about the logements).
 */
function acronymIsTheTopic(reading: Reading): boolean {
  const definition = reading.facets.get("glossary.definition") ?? 0;
  return (
    reading.acronyms.length > 0 &&
    // Words around the question (« je suis nouvelle élue, c'est quoi la CAF56 ? ») do not count.
    !reading.concepts.some((c) => c.weight === 1 && !c.ofAcronym && !reading.acronyms.includes(c.word)) &&
    [...reading.facets].every(([f, w]) => f === "glossary.definition" || w <= definition)
  );
}

/** An acronym named, and its meaning the strongest thing asked (« que signifie AVS dans la fiche 2.7 ? »). */
export function asksDefinition(reading: Reading): boolean {
  return acronymIsTheTopic(reading) && (reading.facets.get("glossary.definition") ?? 0) >= PLANNER.strongCue;
}

/**
 * Whether a glossary entry may answer. Named by its acronym, when the acronym is the topic (« c'est
 * quoi les grands axes de la CTG ? » asks the axes); found by the words of its explanation, only
 * to « c'est quoi … ? » (asked « aide aux devoirs ? », the fiche answers, not the sigle CLAS).
 */
function glossaryMayAnswer(reading: Reading, c: Candidate): boolean {
  if (c.explicit) {
    const otherKindNamed = [...reading.kinds].some(([kind, w]) => kind !== "glossary" && w >= 1);
    return asksDefinition(reading) || (acronymIsTheTopic(reading) && !otherKindNamed);
  }
  return (reading.facets.get("glossary.definition") ?? 0) >= PLANNER.strongCue;
}

/** Every (candidate, facet) the bot may answer with, best first. */
export function rankChoices(
  reading: Reading,
  candidates: Candidate[],
  asksActions: boolean,
  /** Share of the question's words the plan does not know (the clear leader needs it low). */
  unknownShare: number,
): Choice[] {
  const strongest = Math.max(0, ...reading.facets.values());
  const listKinds = new Set(
    reading.list || reading.count ? [...reading.kinds].filter(([, w]) => w > 0).map(([k]) => k) : [],
  );
  const leader = clearLeader(candidates, unknownShare);
  const out: Choice[] = [];
  for (const c of candidates) {
    if (!isSure(reading, c, asksActions) && c !== leader) continue;
    if (c.kind === "glossary" && !glossaryMayAnswer(reading, c)) continue;
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
