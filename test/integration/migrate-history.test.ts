import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { type Migration, migrate, type SqlSession } from "../../src/store/migrate.ts";

const session = (db: PGlite): SqlSession => ({
  query: async <R>(sql: string, params?: unknown[]) => db.query<R>(sql, params),
  exec: async (sql) => {
    await db.exec(sql);
  },
});

const migration = (name: string, sql: string): Migration => ({ name, sql, checksum: sha(sql) });
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("migration history", () => {
  let db: PGlite | null = null;
  afterEach(async () => {
    await db?.close();
  });

  it("applies each migration once, then refuses to start when an applied one was edited", async () => {
    db = new PGlite();
    const first = migration("20260101000000_a", 'CREATE TABLE "a" (id INT);');
    expect((await migrate(session(db), [first], { lock: false })).applied).toEqual(["20260101000000_a"]);
    expect((await migrate(session(db), [first], { lock: false })).applied).toEqual([]);
    const edited = migration("20260101000000_a", 'CREATE TABLE "a" (id BIGINT);');
    await expect(migrate(session(db), [edited], { lock: false })).rejects.toThrow(
      /La migration 20260101000000_a a été modifiée après avoir été appliquée/,
    );
  });
});
