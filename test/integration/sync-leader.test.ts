import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncLeader } from "../../src/core/sync-leader.ts";
import { electLeader } from "../../src/store/sync-leader.ts";
import { createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";

/** Leader election for the Matrix sync loop, on a real PostgreSQL: tries are run by hand (no timers). */
describe("one sync loop among several processes (PostgreSQL advisory lock)", () => {
  let db: TestDatabase;
  const leaders: SyncLeader[] = [];
  const HOUR = 3600_000;

  beforeAll(async () => {
    db = await createPostgresDatabase();
  });

  afterAll(async () => {
    await Promise.allSettled(leaders.map((l) => l.stop()));
    await db?.drop();
  });

  function candidate(name: string, log: string[]) {
    return electLeader(
      { url: db.url ?? "", name: "compte", retryMs: HOUR },
      {
        lead: async () => void log.push(`${name} mène`),
        stepDown: async () => void log.push(`${name} s'arrête`),
      },
    ).then((leader) => {
      leaders.push(leader);
      return leader;
    });
  }

  it("one leads; when it stops, or its connection dies, another takes over at its next try", async () => {
    const log: string[] = [];
    const a = await candidate("a", log);
    const b = await candidate("b", log);
    const c = await candidate("c", log);
    expect([a.leading, b.leading, c.leading]).toEqual([true, false, false]);
    await b.check();
    expect(b.leading).toBe(false);

    await a.stop();
    await b.check();
    await c.check();
    expect([b.leading, c.leading]).toEqual([true, false]);

    // b's process dies: its session ends on the server, the lock with it.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(l.pid) FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted",
      );
    } finally {
      await admin.end();
    }
    await c.check();
    expect(c.leading).toBe(true);
    // b notices at its next health check and steps down.
    await b.check();
    expect(b.leading).toBe(false);
    expect(log).toEqual(["a mène", "a s'arrête", "b mène", "c mène", "b s'arrête"]);
  });
});
