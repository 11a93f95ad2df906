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
  const load = async (slug: string, version: string): Promise<IndexedKnowledge | null> => {
    const knowledge = await repo.getKnowledge(slug);
    if (knowledge === null) return null;
    // The search index is built on first use.
    let index: KnowledgeIndex | undefined;
    return {
      version,
      knowledge,
      get index() {
        index ??= buildIndex(knowledge, lexicon, engine);
        return index;
      },
    };
  };
  /** `knownVersion`: the caller just read the territory's version (a list of territories). */
  const knowledgeOf = async (slug: string, knownVersion?: string): Promise<IndexedKnowledge | null> => {
    const version = knownVersion ?? (await repo.getKnowledgeVersion(slug));
    if (version === null) return null;
    const hit = cache.get(slug);
    if (hit && hit.version === version) return hit;
    const fresh = await load(slug, version);
    if (fresh !== null) cache.set(slug, fresh);
    return fresh;
  };
  /**
   * The cached entry when it is current, otherwise a load that is not kept: the reminder
   * scheduler reads every territory's plan once per horizon and needs none of it afterwards —
   * keeping them all would hold a thousand plans in memory for nothing (docs/performance.md).
   */
  const passing = async (slug: string, version: string): Promise<IndexedKnowledge | null> => {
    const hit = cache.get(slug);
    return hit && hit.version === version ? hit : load(slug, version);
  };
  return Object.assign(knowledgeOf, { passing });
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
