import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/** The PostgreSQL server every developer machine and CI runs (trust auth, user root). */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

export interface TestDatabase {
  kind: "pglite" | "postgres";
  /** What to hand to `openDatabase`. */
  url: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database for this run, dropped afterwards. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `ctg_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind: "postgres",
    url: url.toString(),
    dataDir: "",
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh embedded database in a temporary folder, removed afterwards. */
export async function createPgliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), "ctg-pglite-"));
  return {
    kind: "pglite",
    url: undefined,
    dataDir: path.join(dir, "data"),
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

export const DATABASE_KINDS = [
  ["PGlite", createPgliteDatabase],
  ["PostgreSQL", createPostgresDatabase],
] as const;
