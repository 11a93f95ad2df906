import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The smallest SQL surface the migration runner needs; PGlite and node-postgres both provide it. */
export interface SqlSession {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<void>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));

/** Same advisory lock key as `prisma migrate deploy`, so our runner and the Prisma CLI never run at once. */
const PRISMA_ADVISORY_LOCK = 72707369;

/** Prisma's own bookkeeping table: the history stays readable by `prisma migrate status|deploy`. */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export async function loadMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const buffer = await readFile(path.join(dir, name, "migration.sql"));
      return {
        name,
        sql: buffer.toString("utf8"),
        checksum: createHash("sha256").update(buffer).digest("hex"),
      };
    }),
  );
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies pending migrations, each in its own transaction, recording them as Prisma does.
 * On PostgreSQL the caller passes `lock: true`: concurrent starts wait on the advisory lock
 * and then find nothing left to do.
 */
export async function migrate(
  session: SqlSession,
  migrations: Migration[],
  options: { lock: boolean },
): Promise<MigrationReport> {
  if (options.lock) await session.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
  try {
    await session.exec(MIGRATIONS_TABLE);
    const rows = await session.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.rows.map((r) => [r.migration_name, r]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous) {
        if (previous.finished_at === null) {
          throw new Error(
            `Migration ${migration.name} failed earlier and was never resolved; see "prisma migrate resolve".`,
          );
        }
        // An applied migration edited afterwards: the database and the files no longer tell the
        // same history. Starting would hide it until the next fresh install differs.
        if (previous.checksum !== migration.checksum) {
          throw new Error(
            `La migration ${migration.name} a été modifiée après avoir été appliquée à cette base (empreinte ${previous.checksum.slice(0, 12)}… en base, ${migration.checksum.slice(0, 12)}… dans prisma/migrations) : remettez le fichier d'origine ; un changement de schéma se fait dans une nouvelle migration.`,
          );
        }
        continue;
      }
      await session.exec("BEGIN");
      try {
        const id = randomUUID();
        await session.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, migration.checksum, migration.name],
        );
        await session.exec(migration.sql);
        await session.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await session.exec("COMMIT");
      } catch (error) {
        await session.exec("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    if (options.lock) await session.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
  }
}
