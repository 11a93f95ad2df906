import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client.ts";
import { acquireDirLock, type DirLock } from "./dir-lock.ts";
import { loadMigrations, type MigrationReport, migrate, type SqlSession } from "./migrate.ts";

type ClientAdapter = NonNullable<NonNullable<ConstructorParameters<typeof PrismaClient>[0]>["adapter"]>;

export type DatabaseKind = "pglite" | "postgres";

import { WriteWatch, watchedClient } from "./write-watch.ts";

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Where the data lives, for people: a folder or a URL without its password. */
  location: string;
  migrations: MigrationReport;
  /**
   * Embedded database only (one process, every write through this client): changes whenever a
   * write may have changed the plan, so that its hot reads can be served from memory.
   */
  planGeneration?: () => number;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgresql://…`, or undefined for the embedded PGlite database in `dataDir`. */
  url: string | undefined;
  dataDir: string;
  migrationsDir?: string;
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(URL illisible)";
  }
}

/** Opens the database and applies pending migrations before anything else uses it. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const migrations = await loadMigrations(options.migrationsDir);
  if (options.url === undefined) return openPglite(options.dataDir, migrations);
  return openPostgres(options.url, migrations);
}

async function openPglite(
  dataDir: string,
  migrations: Awaited<ReturnType<typeof loadMigrations>>,
): Promise<Database> {
  let lock: DirLock | undefined;
  if (dataDir !== "memory://") {
    await mkdir(dataDir, { recursive: true });
    lock = await acquireDirLock(dataDir);
  }
  try {
    const client = new PGlite(dataDir);
    await client.waitReady;
    const session: SqlSession = {
      query: (sql, params) => client.query(sql, params),
      exec: async (sql) => {
        await client.exec(sql);
      },
    };
    const report = await migrate(session, migrations, { lock: false });
    // pglite-prisma-adapter 0.6.1 is typed against an older @prisma/driver-adapter-utils; the
    // runtime contract is the same (covered by the store tests on PGlite).
    const watch = new WriteWatch();
    const adapter = new PrismaPGlite(watchedClient(client, watch)) as unknown as ClientAdapter;
    const prisma = new PrismaClient({ adapter });
    return {
      kind: "pglite",
      prisma,
      planGeneration: () => watch.generation,
      location: dataDir,
      migrations: report,
      async close() {
        await prisma.$disconnect();
        await client.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

async function openPostgres(
  url: string,
  migrations: Awaited<ReturnType<typeof loadMigrations>>,
): Promise<Database> {
  const connection = new pg.Client({ connectionString: url });
  try {
    await connection.connect();
  } catch (error) {
    const reason = (error as Error).message;
    const hint = /does not exist/.test(reason) ? " Créez la base (createdb) ou corrigez DATABASE_URL." : "";
    throw new Error(`Impossible de se connecter à PostgreSQL (${describeUrl(url)}) : ${reason}.${hint}`, {
      cause: error,
    });
  }
  let report: MigrationReport;
  try {
    const session: SqlSession = {
      query: async <R>(sql: string, params?: unknown[]) => {
        const result = await connection.query(sql, params);
        return { rows: result.rows as R[] };
      },
      exec: async (sql) => {
        await connection.query(sql);
      },
    };
    report = await migrate(session, migrations, { lock: true });
  } finally {
    await connection.end();
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  return {
    kind: "postgres",
    prisma,
    location: describeUrl(url),
    migrations: report,
    async close() {
      await prisma.$disconnect();
    },
  };
}
