import path from "node:path";
import { allCommands } from "../commands/index.ts";
import type { Config } from "./config/config.ts";
import { backoff } from "./core/backoff.ts";
import { createDispatcher, type Dispatch } from "./core/dispatch.ts";
import type { ChoiceMemory } from "./core/inbound/choices.ts";
import { type AnswerObserver, observe } from "./core/inbound/observe.ts";
import { createInboundPipeline, type InboundPipeline } from "./core/inbound/pipeline.ts";
import { prefixesOf, prefixOf } from "./core/inbound/read-message.ts";
import { createKnowledgeCache, type KnowledgeCache } from "./core/knowledge-cache.ts";
import type { Log } from "./core/log.ts";
import { EVERYTHING, permissionsOf } from "./core/permissions.ts";
import { createLlmReader } from "./core/qa/llm-reader.ts";
import { createQuestionAnswerer, type QuestionAnswerer } from "./core/questions.ts";
import { createRegistry, type Registry } from "./core/registry.ts";
import { loadFilingLexicon } from "./filing/filing-lexicon.ts";
import { FilingService } from "./filing/filing-service.ts";
import { Spool } from "./filing/spool.ts";
import { rulesLoader } from "./filing/territory-rules.ts";
import { createChatCompletions } from "./llm/chat-completions.ts";
import { type Database, openDatabase } from "./store/database.ts";
import { PrismaAuditLog } from "./store/prisma-audit-log.ts";
import { PrismaChoiceMemory } from "./store/prisma-choice-memory.ts";
import { PrismaEventLedger } from "./store/prisma-event-ledger.ts";
import { PrismaFilingRepository } from "./store/prisma-filing-repository.ts";
import { PrismaPlanRepository } from "./store/prisma-plan-repository.ts";
import { PrismaReminderRepository } from "./store/prisma-reminder-repository.ts";
import { loadLexicon } from "./store/qa-lexicon.ts";
import { type SeedReport, seedDemoTerritories } from "./store/seed.ts";
import { loadSharedGlossary } from "./store/shared-glossary.ts";
import { createWorkspace } from "./workspace/create-workspace.ts";
import type { Workspace } from "./workspace/workspace.ts";

export interface App {
  db: Database;
  registry: Registry;
  answerQuestion: QuestionAnswerer;
  reminders: PrismaReminderRepository;
  knowledge: KnowledgeCache;
  repo: PrismaPlanRepository;
  dispatch: Dispatch;
  filing: FilingService;
  workspace: Workspace;
  /** Chat events already handled (platform retries, double deliveries). */
  ledger: PrismaEventLedger;
  /** Who filed, moved or changed what (docs/data-protection.md). */
  audit: PrismaAuditLog;
  /** The last numbered choices offered in each channel. */
  choices: ChoiceMemory;
  /**
   * The inbound pipeline every chat adapter hands its messages to; `log` adds the logging and
   * metrics step (the running bot), `wasLogged` says whether an error was already logged there.
   */
  pipeline(options?: PipelineOptions): { pipeline: InboundPipeline; wasLogged: (error: unknown) => boolean };
  seed: SeedReport | null;
  close(): Promise<void>;
}

export interface PipelineOptions {
  log?: Log;
  metrics?: AnswerObserver;
  onInternalError?: (error: unknown) => void;
  /** An upload's progress message: how often it changes, from what size it shows. */
  progress?: { intervalMs?: number; minBytes?: number };
  /** Messages per person per minute on a chat (default 30; the console has no limit). */
  perMinute?: number;
}

/** Wires the core: database (migrated), repository, command registry and dispatcher. */
export async function createApp(
  config: Config,
  options: {
    clock: () => Date;
    workspace?: Workspace;
    /** The jitter of retry delays (`src/core/backoff.ts`); a test passes a constant. */
    random?: () => number;
  },
): Promise<App> {
  const registry = createRegistry(allCommands);
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const seed = config.SEED_DEMO
      ? await seedDemoTerritories(db.prisma, options.clock(), config.DEFAULT_TIMEZONE)
      : null;
    const audit = new PrismaAuditLog(db.prisma, options.clock);
    const repo = new PrismaPlanRepository(db.prisma, await loadSharedGlossary(), audit, {
      ...(db.planGeneration !== undefined ? { planGeneration: db.planGeneration } : {}),
    });
    const knowledge = createKnowledgeCache(repo, await loadLexicon());
    const reminders = new PrismaReminderRepository(db.prisma, audit);
    const llm =
      config.QA_LLM_URL && config.QA_LLM_MODEL
        ? createLlmReader(
            createChatCompletions({
              url: config.QA_LLM_URL,
              model: config.QA_LLM_MODEL,
              key: config.QA_LLM_KEY,
            }),
          )
        : undefined;
    const answerQuestion = createQuestionAnswerer({ repo, clock: options.clock, prefixOf, knowledge, llm });
    const workspace = options.workspace ?? createWorkspace(config);
    const filing = new FilingService({
      workspace,
      repo: new PrismaFilingRepository(db.prisma),
      knowledge,
      rulesFor: rulesLoader(),
      lexicon: await loadFilingLexicon(),
      retryDelayMs: backoff({
        baseMs: 60_000,
        capMs: 3_600_000,
        ...(options.random ? { random: options.random } : {}),
      }),
      spool: new Spool(path.join(config.DATA_DIR, "spool")),
      maxBytes: config.FILING_MAX_MB * 1024 * 1024,
      clock: options.clock,
      audit,
    });
    const dispatch = createDispatcher({
      registry,
      repo,
      answerQuestion,
      knowledge,
      reminders,
      clock: options.clock,
      // The console user is the operator at the keyboard; a chat user has the roles of the person
      // their account belongs to (plan files: `identites`), in that person's territory.
      identify: async (platform, userId, territorySlug) => {
        if (platform === "console") return { permissions: EVERYTHING, person: null };
        const user = await repo.findChatUser(platform, userId);
        const own = user !== null && (territorySlug === null || user.territorySlug === territorySlug);
        return { permissions: permissionsOf(user, territorySlug), person: own ? user.person : null };
      },
      prefixOf,
      filing,
    });
    const ledger = new PrismaEventLedger(db.prisma, options.clock);
    const choices = new PrismaChoiceMemory(db.prisma);
    const commandOf = (word: string) => registry.find(word)?.name;
    const pipeline = (chosen: PipelineOptions = {}) => {
      const observed =
        chosen.log !== undefined
          ? observe(dispatch, {
              log: chosen.log,
              commandOf,
              ...(chosen.metrics !== undefined ? { metrics: chosen.metrics } : {}),
            })
          : { dispatch, wasLogged: () => false };
      return {
        pipeline: createInboundPipeline({
          dispatch: observed.dispatch,
          ledger,
          choices,
          isBound: async (platform, channelId) =>
            (await repo.getChannelTerritory(platform, channelId)) !== null,
          commandOf,
          prefixesOf,
          clock: options.clock,
          perMinute: (platform) => (platform === "console" ? null : (chosen.perMinute ?? 30)),
          ...(chosen.progress !== undefined ? { progress: chosen.progress } : {}),
          ...(chosen.onInternalError !== undefined ? { onInternalError: chosen.onInternalError } : {}),
        }),
        wasLogged: observed.wasLogged,
      };
    };
    return {
      db,
      registry,
      repo,
      reminders,
      knowledge,
      dispatch,
      answerQuestion,
      filing,
      workspace,
      ledger,
      audit,
      choices,
      pipeline,
      seed,
      close: () => db.close(),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
