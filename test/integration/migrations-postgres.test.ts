import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.ts";
import { loadMigrations } from "../../src/store/migrate.ts";
import { createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";

const run = promisify(execFile);

describe("migrations on PostgreSQL", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createPostgresDatabase();
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("lets four processes start at once: the schema is created exactly once", async () => {
    const opened = await Promise.all(
      Array.from({ length: 4 }, () => openDatabase({ url: testDb.url, dataDir: "" })),
    );
    const history = await loadMigrations();
    const applied = opened.map((d) => d.migrations.applied.length).sort();
    expect(applied).toEqual([0, 0, 0, history.length]);
    const rows = await opened[0]?.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "_prisma_migrations"`,
    );
    expect(Number(rows?.[0]?.n)).toBe(history.length);
    await Promise.all(opened.map((d) => d.close()));
  });

  it("keeps a history the Prisma CLI reads as up to date", async () => {
    const { stdout } = await run("npx", ["prisma", "migrate", "status"], {
      env: { ...process.env, DATABASE_URL: testDb.url },
    });
    expect(stdout).toContain("Database schema is up to date");
  });
});
