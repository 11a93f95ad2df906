import type { EntityKind, FacetKey } from "../../domain/qa/facets.ts";
import { normalizeKey } from "../../domain/text/normalize.ts";
import type { Entity, EntityOf } from "./entities.ts";
import type { KnowledgeIndex } from "./knowledge-index.ts";
import type { Reading } from "./read-question.ts";
import type { EntityHit, Retrieval } from "./retrieve.ts";

/** Something the answer could be about: one entity, or a set the question names by filters. */
export interface Candidate {
  kind: EntityKind;
  /** Best first (a set: the plan's order, or by date for events). */
  entities: Entity[];
  /** 0–1: how sure we are the question is about this. */
  relevance: number;
  /** Named outright: by number, acronym, commune, kind of meeting, role. */
  explicit: boolean;
  /** Passage by passage, where the question's words were found. */
  byFacet: Map<FacetKey, number>;
  /** Topic words its entities match. */
  matched: Set<string>;
  /** A set built from filters (« les crèches de Boé ») or from dates (meetings): shown whole. */
  group: boolean;
  /** What named it, for the « not found » wording. */
  filters?: { communes?: string[]; types?: string[]; roles?: string[] };
}

/** Weights of the candidates' relevance; calibrated on the development set. */
export const CANDIDATES = {
  /** An explicit name is trusted this much, times how much of the topic its entities cover. */
  floor: 0.35,
  /** The territory is what a question is about when nothing else explains it. */
  territoryBase: 0.3,
  territoryCue: 0.6,
  /** A convention fact asked plainly (« préavis », « se termine ») is about the territory. */
  territoryFacet: 0.7,
  /** A member of a set that the words name clearly (« la Farandole ») is the answer alone. */
  clearWinner: 0.15,
  /** Events whose words score within this of the best are all candidates for the date rules. */
  eventSpread: 0.15,
};

const of = <K extends EntityKind>(index: KnowledgeIndex, kind: K) =>
  (index.byKind.get(kind) ?? []) as EntityOf<K>[];

/** Candidates named outright by the question, then those its words point to. */
export function candidatesFor(reading: Reading, index: KnowledgeIndex, retrieval: Retrieval): Candidate[] {
  const out: Candidate[] = [];
  const known = 1 - retrieval.unknownShare;
  const topicless = reading.concepts.length === 0;
  const hitOf = new Map<Entity, EntityHit>(retrieval.hits.map((h) => [h.entity, h]));
  const cover = (entities: readonly Entity[]) =>
    Math.max(0, ...entities.map((e) => hitOf.get(e)?.score ?? 0));
  const facetsOf = (entities: readonly Entity[]) => {
    const byFacet = new Map<FacetKey, number>();
    for (const e of entities)
      for (const [f, s] of hitOf.get(e)?.byFacet ?? []) byFacet.set(f, Math.max(byFacet.get(f) ?? 0, s));
    return byFacet;
  };
  const matchedOf = (entities: readonly Entity[]) =>
    new Set(entities.flatMap((e) => hitOf.get(e)?.matched ?? []));
  const byScore = <E extends Entity>(xs: E[]) =>
    [...xs].sort(
      (a, b) => (hitOf.get(b)?.score ?? 0) - (hitOf.get(a)?.score ?? 0) || a.position - b.position,
    );
  /** A set in the plan's order, unless the words name one of its members clearly: then that one alone. */
  const clearest = <E extends Entity>(xs: E[]): E[] => {
    const ranked = byScore(xs);
    const [first, second] = ranked;
    const top = first ? (hitOf.get(first)?.score ?? 0) : 0;
    if (first && top >= 0.5 && top >= (second ? (hitOf.get(second)?.score ?? 0) : 0) + CANDIDATES.clearWinner)
      return [first];
    return xs;
  };
  /** An explicit name counts fully when the question says nothing else; else by what its entities cover. */
  const explicit = (
    kind: EntityKind,
    entities: Entity[],
    base: number,
    group: boolean,
    filters?: Candidate["filters"],
  ) => {
    // An empty set (« le LAEP de Boé ») covers nothing, and is the answer all the same. Words the
    // plan does not know (« prévenir mon élu ») lower the trust, but less than for a search by words.
    const coverage =
      topicless || entities.length === 0
        ? 1
        : Math.max(CANDIDATES.floor, Math.min(1, cover(entities) / Math.max(known, 0.01)));
    out.push({
      kind,
      entities,
      relevance: base * coverage * (0.5 + 0.5 * known),
      explicit: true,
      byFacet: facetsOf(entities),
      matched: matchedOf(entities),
      group,
      ...(filters ? { filters } : {}),
    });
  };

  const asksDate = (reading.facets.get("milestone.date") ?? 0) > 0;
  /** A fiche or an axis named by its number is what the question is about, whatever else it says. */
  const numbered = (kind: EntityKind, entities: Entity[], relevance: number, group: boolean) =>
    out.push({
      kind,
      entities,
      relevance,
      explicit: true,
      byFacet: facetsOf(entities),
      matched: matchedOf(entities),
      group,
    });
  for (const n of reading.actionNumbers) {
    const action = of(index, "action").find((a) => a.action.number === n);
    if (!action) continue;
    numbered("action", [action], 1, false);
    const milestones = of(index, "milestone").filter((m) => m.action === action.action);
    if (milestones.length && asksDate) numbered("milestone", byScore(milestones), 0.95, true);
  }
  for (const n of reading.axisNumbers) {
    const axis = of(index, "axis").find((a) => a.axis.number === n);
    if (axis) numbered("axis", [axis], 1, false);
  }
  // « Les enjeux », « les axes du plan » : every axis, when none is named.
  const asksAxes = (reading.kinds.get("axis") ?? 0) > 0 || (reading.facets.get("axis.enjeux") ?? 0) > 0;
  if (asksAxes && reading.axisNumbers.length === 0 && of(index, "axis").length) {
    explicit("axis", clearest(of(index, "axis")), 0.7, true);
  }
  const asksDefinition = (reading.facets.get("glossary.definition") ?? 0) > 0;
  for (const acronym of reading.acronyms) {
    const g = of(index, "glossary").find((e) => normalizeKey(e.acronym) === normalizeKey(acronym));
    if (g) explicit("glossary", [g], asksDefinition ? 1 : 0.6, false);
  }

  // Meetings: those of the kinds named, and those the words name; the date rules choose among them.
  const wordEvents = retrieval.hits.filter(
    (h) =>
      h.entity.kind === "event" &&
      (reading.eventKinds.length === 0 || reading.eventKinds.includes(h.entity.event.kind)),
  );
  const bestEvent = wordEvents[0]?.score ?? 0;
  const eventsByWords = wordEvents
    .filter((h) => h.score >= Math.max(0.3, bestEvent - CANDIDATES.eventSpread))
    .map((h) => h.entity);
  if (reading.eventKinds.length) {
    const instances = of(index, "instance").filter((i) => reading.eventKinds.includes(i.instance.kind));
    if (instances.length) explicit("instance", byScore(instances), 0.9, true);
    const events = of(index, "event").filter((e) => reading.eventKinds.includes(e.event.kind));
    explicit("event", events, 0.9, true);
  } else if ((reading.kinds.get("event") ?? 0) > 0 && eventsByWords.length === 0) {
    explicit("event", of(index, "event"), 0.7, true);
  }
  if (eventsByWords.length) {
    out.push({
      kind: "event",
      entities: eventsByWords,
      relevance: bestEvent,
      explicit: false,
      byFacet: facetsOf(eventsByWords),
      matched: matchedOf(eventsByWords),
      group: true,
    });
  }

  if (
    reading.equipmentTypes.length ||
    (reading.communes.length && (reading.kinds.get("equipment") ?? 0) > 0)
  ) {
    const types = reading.equipmentTypes.map(normalizeKey);
    const communes = reading.communes.map(normalizeKey);
    // « Le RPE du canton d'Astaffort » is in Layrac: a commune in a structure's name counts too.
    const inCommune = (e: EntityOf<"equipment">) =>
      communes.some(
        (c) =>
          c === normalizeKey(e.equipment.commune) || `-${normalizeKey(e.equipment.name)}-`.includes(`-${c}-`),
      );
    const found = of(index, "equipment").filter(
      (e) =>
        (types.length === 0 || types.includes(normalizeKey(e.equipment.type))) &&
        (communes.length === 0 || inCommune(e)),
    );
    const base = types.length && communes.length ? 1 : types.length ? 0.75 : 0.7;
    explicit("equipment", clearest(found), base, true, {
      communes: reading.communes,
      types: reading.equipmentTypes,
    });
  }
  if (reading.roles.length) {
    const communes = reading.communes.map(normalizeKey);
    const found = of(index, "person").filter((p) =>
      p.person.roles.some(
        (r) =>
          reading.roles.includes(r.role) &&
          (communes.length === 0 || (r.commune !== null && communes.includes(normalizeKey(r.commune)))),
      ),
    );
    explicit("person", byScore(found), 0.9, true, { communes: reading.communes, roles: reading.roles });
  }

  const signatory = signatoryOf(reading, index);
  if (signatory) explicit("person", [signatory], 0.9, false);

  const retrieved = retrieval.hits.filter((h) => h.entity.kind !== "territory" && h.entity.kind !== "event");
  // A milestone answers « when »; otherwise it stands for its fiche.
  const actionScore = new Map<Entity, number>();
  for (const h of retrieved) {
    if (h.entity.kind !== "milestone" || asksDate) continue;
    const action = of(index, "action").find(
      (a) => a.action === (h.entity.kind === "milestone" ? h.entity.action : null),
    );
    if (action) actionScore.set(action, Math.max(actionScore.get(action) ?? 0, h.score * 0.9));
  }
  const others = retrieved.filter((h) => asksDate || h.entity.kind !== "milestone");
  const bestOther = Math.max(0, ...others.map((h) => Math.max(h.score, actionScore.get(h.entity) ?? 0)));

  // The territory itself answers convention facts, when nothing else explains the question better.
  const territory = of(index, "territory")[0];
  if (territory) {
    const cue = Math.min(1, reading.kinds.get("territory") ?? 0);
    const facet = Math.max(
      0,
      ...[...reading.facets].filter(([f]) => f.startsWith("territory.")).map(([, w]) => w),
    );
    out.push({
      kind: "territory",
      entities: [territory],
      relevance: Math.max(
        CANDIDATES.territoryBase * (1 - bestOther) + CANDIDATES.territoryCue * cue,
        facet >= 0.8 ? CANDIDATES.territoryFacet : 0,
      ),
      explicit: false,
      byFacet: hitOf.get(territory)?.byFacet ?? new Map(),
      matched: matchedOf([territory]),
      group: false,
    });
  }

  for (const h of others.slice(0, 40)) {
    out.push({
      kind: h.entity.kind,
      entities: [h.entity],
      relevance: Math.max(h.score, actionScore.get(h.entity) ?? 0),
      explicit: false,
      byFacet: h.byFacet,
      matched: new Set(h.matched),
      group: false,
    });
  }
  for (const [action, score] of actionScore) {
    if (others.some((h) => h.entity === action)) continue;
    out.push({
      kind: "action",
      entities: [action],
      relevance: score,
      explicit: false,
      byFacet: facetsOf([action]),
      matched: matchedOf([action]),
      group: false,
    });
  }
  return out;
}

/**
 * « Qui a signé pour la MSA ? », « qui représente la commune d'Agen ? » : the first person named in
 * the convention's signatory line that the question's words, commune or territory name point to.
 */
function signatoryOf(reading: Reading, index: KnowledgeIndex): Entity | null {
  const asksSignatory =
    (reading.facets.get("territory.signataires") ?? 0) > 0 && (reading.facets.get("person.role") ?? 0) >= 1;
  const k = index.knowledge;
  if (!asksSignatory || k.territory.signatories.length === 0) return null;
  const analyzer = index.lexicon.analyzer;
  const concepts = reading.concepts;
  const communes = reading.communes.map((c) => normalizeKey(c));
  // « L'agglo », the territory's name (a hint, 0.3) names a partner; « la convention » (1) the document.
  const territoryCue = reading.kinds.get("territory") ?? 0;
  const territoryNamed = territoryCue > 0 && territoryCue < 1;
  const territoryWords = analyzer.terms(k.territory.name);
  const people = of(index, "person").map((p) => ({
    p,
    name: ` ${normalizeKey(p.person.name).replaceAll("-", " ")} `,
  }));
  let best: { score: number; person: Entity } | null = null;
  for (const line of k.territory.signatories) {
    const folded = ` ${normalizeKey(line).replaceAll("-", " ")} `;
    const named = people
      .map(({ p, name }) => ({ p, at: folded.indexOf(name) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => a.at - b.at);
    const first = named[0]?.p;
    if (!first) continue;
    // « La CAF 47 » : the line says « Caisse d'allocations familiales de Lot-et-Garonne ».
    const terms = new Set([...analyzer.terms(line), ...index.acronyms.expand(line)]);
    const has = (phrase: readonly string[]) => phrase.length > 0 && phrase.every((t) => terms.has(t));
    const found = concepts.filter((c) => has(c.terms) || c.alternatives.some(has)).length;
    const score =
      (concepts.length ? found / concepts.length : 0) +
      (communes.some((c) => folded.includes(` ${c.replaceAll("-", " ")} `)) ? 1 : 0) +
      (territoryNamed && concepts.length === 0 && territoryWords.every((w) => terms.has(w)) ? 0.5 : 0);
    if (score > 0 && (!best || score > best.score)) best = { score, person: first };
  }
  return best?.person ?? null;
}
