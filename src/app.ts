import { allCommands } from "../commands/index.ts";
import type { Config } from "./config/config.ts";
import type { Permission } from "./core/command.ts";
import { createDispatcher, type Dispatch } from "./core/dispatch.ts";
import { createKnowledgeCache, type KnowledgeCache } from "./core/knowledge-cache.ts";
import { createQuestionAnswerer, type QuestionAnswerer } from "./core/questions.ts";
import { createRegistry } from "./core/registry.ts";
import { type Database, openDatabase } from "./store/database.ts";
import { PrismaPlanRepository } from "./store/prisma-plan-repository.ts";
import { PrismaReminderRepository } from "./store/prisma-reminder-repository.ts";
import { type SeedReport, seedDemoTerritories } from "./store/seed.ts";
import { loadSharedGlossary } from "./store/shared-glossary.ts";

export interface App {
  db: Database;
  answerQuestion: QuestionAnswerer;
  reminders: PrismaReminderRepository;
  knowledge: KnowledgeCache;
  repo: PrismaPlanRepository;
  dispatch: Dispatch;
  seed: SeedReport | null;
  close(): Promise<void>;
}

const EVERYTHING: ReadonlySet<Permission> = new Set(["everyone", "referent", "coordinator"]);
const EVERYONE: ReadonlySet<Permission> = new Set(["everyone"]);

/** Wires the core: database (migrated), repository, command registry and dispatcher. */
export async function createApp(config: Config, options: { clock: () => Date }): Promise<App> {
  const registry = createRegistry(allCommands);
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const seed = config.SEED_DEMO
      ? await seedDemoTerritories(db.prisma, options.clock(), config.DEFAULT_TIMEZONE)
      : null;
    const repo = new PrismaPlanRepository(db.prisma, await loadSharedGlossary());
    const prefixOf = (platform: string) => (platform === "matrix" ? "!ctg" : "/ctg");
    const knowledge = createKnowledgeCache(repo);
    const reminders = new PrismaReminderRepository(db.prisma);
    const answerQuestion = createQuestionAnswerer({ repo, clock: options.clock, prefixOf, knowledge });
    const dispatch = createDispatcher({
      registry,
      repo,
      answerQuestion,
      knowledge,
      reminders,
      clock: options.clock,
      // The console user is the operator at the keyboard; chat users get their roles from the
      // platform adapters when those land.
      permissionsOf: async (platform) => (platform === "console" ? EVERYTHING : EVERYONE),
      prefixOf,
    });
    return { db, repo, reminders, knowledge, dispatch, answerQuestion, seed, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}
