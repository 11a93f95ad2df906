import type { TerritoryKnowledge } from "../domain/knowledge.ts";
import type { PlanRepository } from "../domain/plan-repository.ts";
import type { EngineName } from "../domain/search/passage-engine.ts";
import { buildIndex, DEFAULT_ENGINE, type KnowledgeIndex } from "./qa/knowledge-index.ts";
import type { Lexicon } from "./qa/lexicon.ts";

export interface IndexedKnowledge {
  /** Changes whenever the territory's plan changes. */
  version: string;
  knowledge: TerritoryKnowledge;
  index: KnowledgeIndex;
}

/**
 * A territory's knowledge and search indexes, shared by commands and questions. An entry stays
 * until the territory's version (bumped by every import, from any process) changes.
 */
export function createKnowledgeCache(
  repo: PlanRepository,
  lexicon: Lexicon,
  engine: EngineName = DEFAULT_ENGINE,
) {
  const cache = new Map<string, IndexedKnowledge>();
  /** `knownVersion`: the caller just read the territory's version (a list of territories). */
  return async function knowledgeOf(slug: string, knownVersion?: string): Promise<IndexedKnowledge | null> {
    const version = knownVersion ?? (await repo.getKnowledgeVersion(slug));
    if (version === null) return null;
    const hit = cache.get(slug);
    if (hit && hit.version === version) return hit;
    const knowledge = await repo.getKnowledge(slug);
    if (knowledge === null) return null;
    // The search index is built on first use: the reminder scheduler reads every territory's
    // knowledge and never searches it.
    let index: KnowledgeIndex | undefined;
    const fresh: IndexedKnowledge = {
      version,
      knowledge,
      get index() {
        index ??= buildIndex(knowledge, lexicon, engine);
        return index;
      },
    };
    cache.set(slug, fresh);
    return fresh;
  };
}

export type KnowledgeCache = ReturnType<typeof createKnowledgeCache>;

/**
 * Loads and indexes the territories one after the other, giving the event loop back between two,
 * so that a territory's first question finds its index ready (docs/questions.md). Stops early when
 * `signal` aborts. Returns how many territories were indexed.
 */
export async function warmKnowledge(
  cache: KnowledgeCache,
  territories: readonly { slug: string; version: string }[],
  signal?: AbortSignal,
): Promise<number> {
  let indexed = 0;
  for (const t of territories) {
    if (signal?.aborted) break;
    const entry = await cache(t.slug, t.version);
    if (entry?.index) indexed++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return indexed;
}
