import type { TerritorySummary } from "../domain/model.ts";
import type { PlanRepository } from "../domain/plan-repository.ts";
import type { Incoming } from "./incoming.ts";
import type { KnowledgeCache } from "./knowledge-cache.ts";
import { answerQuestion } from "./qa/answer-question.ts";
import { createNamedTerritoryFinder } from "./qa/find-territory.ts";
import type { LlmReader } from "./qa/llm-reader.ts";
import type { Answer } from "./qa/types.ts";
import { context, reply, text } from "./reply.ts";

export interface QuestionResult extends Answer {
  /** The territory answered about; null when the bot had to ask which one. */
  territory: string | null;
}

/**
 * Answers free questions: picks the territory (named in the question, bound to the channel, or
 * the only one), then answers from its knowledge (cached until the territory changes).
 */
export function createQuestionAnswerer(deps: {
  repo: PlanRepository;
  clock: () => Date;
  prefixOf: (platform: string) => string;
  knowledge: KnowledgeCache;
  /** Optional language model that reads the question into a structured query (QA_LLM_URL). */
  llm?: LlmReader | undefined;
}) {
  const load = deps.knowledge;
  const findNamedTerritory = createNamedTerritoryFinder();
  // Every question needs the list of territories (a question may name one): it is read again only
  // when a territory was added, removed or changed, from any process.
  let territoryList: { stamp: string; territories: TerritorySummary[] } | undefined;
  const listTerritories = async () => {
    const stamp = await deps.repo.getTerritoriesStamp();
    if (territoryList?.stamp !== stamp)
      territoryList = { stamp, territories: await deps.repo.listTerritories() };
    return territoryList.territories;
  };

  return async function answer(
    incoming: Pick<Incoming, "text" | "platform" | "channelId">,
    territorySlug?: string,
  ): Promise<QuestionResult> {
    const prefix = deps.prefixOf(incoming.platform);
    const territories = await listTerritories();
    const named = findNamedTerritory(incoming.text, territories);
    const slug =
      named?.territory.slug ??
      territorySlug ??
      (await deps.repo.getChannelTerritory(incoming.platform, incoming.channelId)) ??
      (territories.length === 1 ? territories[0]?.slug : undefined);
    // The list just read carries each territory's version: no second query for it.
    const version = territories.find((t) => t.slug === slug)?.version;
    const loaded = slug === undefined ? null : await load(slug, version);
    if (loaded === null) {
      return {
        intent: "unknown",
        facet: null,
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
    const ignore = named?.words ?? [];
    const read = deps.llm ? await deps.llm(incoming.text, loaded.index, ignore) : null;
    const result = answerQuestion(incoming.text, loaded.index, {
      now: deps.clock(),
      prefix,
      ignore,
      ...(read?.source === "llm" ? { reading: read.reading } : {}),
    });
    return { ...result, territory: loaded.knowledge.territory.slug };
  };
}

export type QuestionAnswerer = ReturnType<typeof createQuestionAnswerer>;
