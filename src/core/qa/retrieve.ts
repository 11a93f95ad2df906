import type { EntityKind, FacetKey } from "../../domain/qa/facets.ts";
import type { EngineMatch } from "../../domain/search/passage-engine.ts";
import type { Entity } from "./entities.ts";
import type { KnowledgeIndex } from "./knowledge-index.ts";
import { type Concept, readQuestion } from "./read-question.ts";

/** An entity the question's words point to. */
export interface EntityHit {
  entity: Entity;
  /**
   * How much of the question's topic the entity covers, 0–1: each topic word counts by its
   * rarity in the territory's plan, and by how well and where it was found.
   */
  score: number;
  /** The same, field by field: which of its passages the words were found in. */
  byFacet: Map<FacetKey, number>;
  /** Topic words found. */
  matched: string[];
}

export interface Retrieval {
  hits: EntityHit[];
  /** Topic words found nowhere in the plan (« piscine »). */
  unknown: string[];
  /** Share of the topic's weight that is unknown words, 0–1. */
  unknownShare: number;
}

/** How much a word found nowhere counts, against the rarest word of the plan. */
export const UNKNOWN_WORD_WEIGHT = 0.7;

/** How well a word was found: as written, by a prefix or a typo, through a synonym. */
export const MATCH_QUALITY = { exact: 1, loose: 0.7, synonym: 0.9, looseSynonym: 0.65 };
/** Share of a score that search-engine ranking (BM25) adds, to order entities that cover the same words. */
const RANK_SHARE = 0.05;

/**
 * Finds the entities the topic words point to. The search engine finds, for each word, the
 * passages that hold it (as written, as a prefix, with a typo); this weighs the words by rarity
 * in the territory's plan and adds them up per entity, so that a score says how much of the
 * question an entity answers, from 0 to 1.
 */
export function retrieve(
  concepts: readonly Concept[],
  index: KnowledgeIndex,
  kinds?: ReadonlySet<EntityKind>,
): Retrieval {
  const entityCount = index.entities.length || 1;
  const maxWeight = Math.log(1 + entityCount);
  const perConcept = concepts.map((c) => {
    const direct = matchAll(index, c.terms);
    const bySynonym = new Map<number, EngineMatch>();
    for (const phrase of c.alternatives) {
      for (const [id, m] of matchAll(index, phrase)) {
        const known = bySynonym.get(id);
        if (!known || m.score > known.score)
          bySynonym.set(id, { score: m.score, exact: m.exact || (known?.exact ?? false) });
      }
    }
    const best = new Map<Entity, { q: number; facet: FacetKey; rank: number }[]>();
    let top = 0;
    for (const m of [...direct.values(), ...bySynonym.values()]) top = Math.max(top, m.score);
    const entities = new Set<Entity>();
    const visit = (found: typeof direct, exactQ: number, looseQ: number) => {
      for (const [id, m] of found) {
        const p = index.passages[id];
        if (!p) continue;
        entities.add(p.entity);
        if (kinds && !kinds.has(p.entity.kind)) continue;
        const q = (m.exact ? exactQ : looseQ) * p.weight;
        const list = best.get(p.entity) ?? [];
        list.push({ q, facet: p.facet, rank: top > 0 ? m.score / top : 0 });
        best.set(p.entity, list);
      }
    };
    visit(direct, MATCH_QUALITY.exact, MATCH_QUALITY.loose);
    visit(bySynonym, MATCH_QUALITY.synonym, MATCH_QUALITY.looseSynonym);
    const rarity =
      entities.size === 0 ? UNKNOWN_WORD_WEIGHT * maxWeight : Math.log(1 + entityCount / (1 + entities.size));
    const weight = rarity * c.weight;
    return { concept: c, weight, best, known: entities.size > 0 };
  });
  const total = perConcept.reduce((a, c) => a + c.weight, 0) || 1;
  const unknown = perConcept.filter((c) => !c.known);
  const scores = new Map<Entity, EntityHit>();
  for (const { concept, weight, best } of perConcept) {
    for (const [entity, passages] of best) {
      let hit = scores.get(entity);
      if (!hit) {
        hit = { entity, score: 0, byFacet: new Map(), matched: [] };
        scores.set(entity, hit);
      }
      const q = Math.max(...passages.map((p) => p.q));
      const rank = Math.max(...passages.map((p) => p.rank));
      hit.score += (weight * ((1 - RANK_SHARE) * q + RANK_SHARE * rank)) / total;
      hit.matched.push(concept.word);
      const perFacet = new Map<FacetKey, number>();
      for (const p of passages) perFacet.set(p.facet, Math.max(perFacet.get(p.facet) ?? 0, p.q));
      for (const [f, pq] of perFacet) hit.byFacet.set(f, (hit.byFacet.get(f) ?? 0) + (weight * pq) / total);
    }
  }
  const hits = [...scores.values()].sort(
    (a, b) => b.score - a.score || a.entity.position - b.entity.position,
  );
  return {
    hits,
    unknown: unknown.map((c) => c.concept.word),
    unknownShare: unknown.reduce((a, c) => a + c.weight, 0) / total,
  };
}

/** Passages that hold every one of the terms (a phrase: « espace collaboratif »), with the sum of their scores. */
function matchAll(index: KnowledgeIndex, terms: readonly string[]): Map<number, EngineMatch> {
  if (terms.length <= 1) return index.match(terms);
  let found: Map<number, EngineMatch> | null = null;
  for (const term of terms) {
    const one = index.match([term]);
    if (found === null) {
      found = new Map(one);
      continue;
    }
    const next = new Map<number, EngineMatch>();
    for (const [id, m] of found) {
      const other = one.get(id);
      if (other) next.set(id, { score: m.score + other.score, exact: m.exact && other.exact });
    }
    found = next;
  }
  return found ?? new Map();
}

/** Entities of some kinds that words point to (a command's free words: « action jeunesse »), best first. */
export function searchEntities(
  index: KnowledgeIndex,
  words: string,
  kinds: readonly EntityKind[],
): EntityHit[] {
  return retrieve(readQuestion(words, index).concepts, index, new Set(kinds)).hits.filter((h) =>
    kinds.includes(h.entity.kind),
  );
}
