import path from "node:path";
import { allCommands } from "../commands/index.ts";
import type { Config } from "./config/config.ts";
import type { Permission } from "./core/command.ts";
import { createDispatcher, type Dispatch } from "./core/dispatch.ts";
import { createKnowledgeCache, type KnowledgeCache } from "./core/knowledge-cache.ts";
import { createQuestionAnswerer, type QuestionAnswerer } from "./core/questions.ts";
import { createRegistry } from "./core/registry.ts";
import { FilingService } from "./filing/filing-service.ts";
import { Spool } from "./filing/spool.ts";
import { rulesLoader } from "./filing/territory-rules.ts";
import { type Database, openDatabase } from "./store/database.ts";
import { PrismaFilingRepository } from "./store/prisma-filing-repository.ts";
import { PrismaPlanRepository } from "./store/prisma-plan-repository.ts";
import { PrismaReminderRepository } from "./store/prisma-reminder-repository.ts";
import { type SeedReport, seedDemoTerritories } from "./store/seed.ts";
import { loadSharedGlossary } from "./store/shared-glossary.ts";
import { createWorkspace } from "./workspace/create-workspace.ts";
import type { Workspace } from "./workspace/workspace.ts";

export interface App {
  db: Database;
  answerQuestion: QuestionAnswerer;
  reminders: PrismaReminderRepository;
  knowledge: KnowledgeCache;
  repo: PrismaPlanRepository;
  dispatch: Dispatch;
  filing: FilingService;
  workspace: Workspace;
  seed: SeedReport | null;
  close(): Promise<void>;
}

const EVERYTHING: ReadonlySet<Permission> = new Set(["everyone", "referent", "coordinator"]);
const EVERYONE: ReadonlySet<Permission> = new Set(["everyone"]);

/** Wires the core: database (migrated), repository, command registry and dispatcher. */
export async function createApp(
  config: Config,
  options: { clock: () => Date; workspace?: Workspace },
): Promise<App> {
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
    const workspace = options.workspace ?? createWorkspace(config);
    const filing = new FilingService({
      workspace,
      repo: new PrismaFilingRepository(db.prisma),
      knowledge,
      rulesFor: rulesLoader(),
      spool: new Spool(path.join(config.DATA_DIR, "spool")),
      maxBytes: config.FILING_MAX_MB * 1024 * 1024,
      clock: options.clock,
    });
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
      filing,
    });
    return {
      db,
      repo,
      reminders,
      knowledge,
      dispatch,
      answerQuestion,
      filing,
      workspace,
      seed,
      close: () => db.close(),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
