import type { TerritoryKnowledge } from "../domain/knowledge.ts";
import type { PlanRepository } from "../domain/plan-repository.ts";
import { buildIndex, type KnowledgeIndex } from "./qa/knowledge-index.ts";

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
export function createKnowledgeCache(repo: PlanRepository) {
  const cache = new Map<string, IndexedKnowledge>();
  return async function knowledgeOf(slug: string): Promise<IndexedKnowledge | null> {
    const version = await repo.getKnowledgeVersion(slug);
    if (version === null) return null;
    const hit = cache.get(slug);
    if (hit && hit.version === version) return hit;
    const knowledge = await repo.getKnowledge(slug);
    if (knowledge === null) return null;
    const fresh = { version, knowledge, index: buildIndex(knowledge) };
    cache.set(slug, fresh);
    return fresh;
  };
}

export type KnowledgeCache = ReturnType<typeof createKnowledgeCache>;
