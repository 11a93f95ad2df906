import type { Incoming } from "../chat/incoming.ts";
import { context, reply, text } from "../chat/reply.ts";
import type { TerritoryKnowledge } from "../domain/knowledge.ts";
import type { PlanRepository } from "../domain/plan-repository.ts";
import { answerQuestion } from "./qa/answer-question.ts";
import { findNamedTerritory } from "./qa/find-territory.ts";
import { buildIndex, type KnowledgeIndex } from "./qa/knowledge-index.ts";
import type { Answer } from "./qa/types.ts";

export interface QuestionResult extends Answer {
  /** The territory answered about; null when the bot had to ask which one. */
  territory: string | null;
}

interface Cached {
  version: string;
  knowledge: TerritoryKnowledge;
  index: KnowledgeIndex;
}

/**
 * Answers free questions: picks the territory (named in the question, bound to the channel, or
 * the only one), then answers from its knowledge. A territory's knowledge and search index stay
 * cached until its version (updated by every import) changes, even when another process imported.
 */
export function createQuestionAnswerer(deps: {
  repo: PlanRepository;
  clock: () => Date;
  prefixOf: (platform: string) => string;
}) {
  const cache = new Map<string, Cached>();

  async function load(slug: string): Promise<Cached | null> {
    const version = await deps.repo.getKnowledgeVersion(slug);
    if (version === null) return null;
    const hit = cache.get(slug);
    if (hit && hit.version === version) return hit;
    const knowledge = await deps.repo.getKnowledge(slug);
    if (knowledge === null) return null;
    const fresh = { version, knowledge, index: buildIndex(knowledge) };
    cache.set(slug, fresh);
    return fresh;
  }

  return async function answer(
    incoming: Pick<Incoming, "text" | "platform" | "channelId">,
    territorySlug?: string,
  ): Promise<QuestionResult> {
    const prefix = deps.prefixOf(incoming.platform);
    const territories = await deps.repo.listTerritories();
    const named = findNamedTerritory(incoming.text, territories);
    const slug =
      named?.territory.slug ??
      territorySlug ??
      (await deps.repo.getChannelTerritory(incoming.platform, incoming.channelId)) ??
      (territories.length === 1 ? territories[0]?.slug : undefined);
    const loaded = slug === undefined ? null : await load(slug);
    if (loaded === null) {
      return {
        intent: "unknown",
        refs: [],
        territory: null,
        reply: reply(
          text(
            "Sur quel territoire porte votre question ? Nommez-le dans la question, ou rattachez ce canal à un territoire :",
          ),
          {
            type: "choices",
            prompt: "Territoires :",
            choices: territories.map((t) => ({ label: t.name, command: `territoire ${t.slug}` })),
          },
          context(`Par exemple : « à Agen, qui pilote l'action 2 ? »`),
        ),
      };
    }
    const result = answerQuestion(incoming.text, loaded.knowledge, {
      now: deps.clock(),
      prefix,
      index: loaded.index,
      ignore: named?.words ?? [],
    });
    return { ...result, territory: loaded.knowledge.territory.slug };
  };
}

export type QuestionAnswerer = ReturnType<typeof createQuestionAnswerer>;
