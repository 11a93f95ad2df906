import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backoff } from "../../src/core/backoff.ts";
import { type Delivery, PermanentFailure, RateLimited } from "../../src/core/delivery.ts";
import type { Occurrence } from "../../src/core/reminders/occurrence.ts";
import { reply, text } from "../../src/core/reply.ts";
import { Sender, type SenderDeps } from "../../src/scheduler/sender.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { OutboxStore } from "../../src/store/outbox-store.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

const T0 = new Date("2026-12-01T08:00:00.000Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

function occurrence(key: string, channelId = "C123"): Occurrence {
  return {
    key,
    at: T0,
    channel: { platform: "slack", channelId },
    kind: "milestone",
    ref: "11",
    text: `Rappel ${key}`,
    reply: reply(text(`Rappel ${key}`)),
    subjectAt: null,
  };
}

describe("sender over a real outbox (PGlite, fake clock)", () => {
  let testDb: TestDatabase;
  let db: Database;
  let store: OutboxStore;
  let territoryId: string;
  /** The fake clock: tests move it, nothing sleeps. */
  let now: Date;
  let calls: { key: string; channelId: string; at: Date; delivery: Delivery }[];

  const sender = (deliver: (d: Delivery) => void | Promise<void>, deps: Partial<SenderDeps> = {}) =>
    new Sender({
      store,
      owner: "test-process",
      clock: () => now,
      // The default delays without their jitter: 5 s, 10 s… exactly.
      backoff: backoff({ baseMs: 5_000, capMs: 3_600_000, random: () => 1 }),
      deliver: async (delivery) => {
        calls.push({ key: delivery.key, channelId: delivery.channelId, at: now, delivery });
        await deliver(delivery);
      },
      ...deps,
    });
  const row = (key: string) => db.prisma.outboxItem.findUniqueOrThrow({ where: { key } });

  beforeAll(async () => {
    testDb = await createPgliteDatabase();
    db = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
    store = new OutboxStore(db.prisma, { kind: db.kind });
    territoryId = (await db.prisma.territory.create({ data: { slug: "agen", name: "Agen" } })).id;
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  beforeEach(async () => {
    await db.prisma.outboxItem.deleteMany();
    now = T0;
    calls = [];
  });

  it("un rappel limité puis en erreur 500 est envoyé une seule fois, au bon moment", async () => {
    await store.enqueue(territoryId, [occurrence("J-7")]);
    const answers: (Error | null)[] = [
      new RateLimited(30_000),
      new Error("HTTP 500 Internal Server Error"),
      null,
    ];
    const s = sender(() => {
      const answer = answers.shift();
      if (answer) throw answer;
    });

    expect(await s.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });
    expect(await row("J-7")).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: later(30_000) });
    now = later(29_999);
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });

    now = later(30_000);
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });
    expect(await row("J-7")).toMatchObject({
      status: "pending",
      attempts: 1,
      nextAttemptAt: later(35_000),
      lastError: "HTTP 500 Internal Server Error",
    });

    now = later(35_000);
    expect(await s.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
    now = later(3_600_000);
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });

    expect(calls.map((c) => c.at)).toEqual([T0, later(30_000), later(35_000)]);
    expect(await row("J-7")).toMatchObject({ status: "sent", attempts: 2, sentAt: later(35_000) });
    expect(calls[2]?.delivery).toEqual({
      key: "J-7",
      platform: "slack",
      channelId: "C123",
      text: "Rappel J-7",
      reply: { blocks: [{ type: "text", text: "Rappel J-7" }] },
      uncertain: false,
    });
  });

  it("espace les messages d'un même canal d'une seconde, sans attendre", async () => {
    await store.enqueue(territoryId, [
      occurrence("a1"),
      occurrence("a2"),
      occurrence("a3"),
      occurrence("b1", "C999"),
    ]);
    const s = sender(() => {});

    // One item per channel per run: a1 and b1.
    expect(await s.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0, deferred: 0 });
    // Half a second later, C123 was posted to a moment ago: its next item is not even claimed.
    now = later(500);
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    expect(await row("a2")).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: T0 });
    now = later(1_000);
    expect(await s.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
    now = later(2_000);
    expect(await s.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });

    const times = (channelId: string) => calls.filter((c) => c.channelId === channelId).map((c) => c.at);
    expect(times("C123")).toEqual([T0, later(1_000), later(2_000)]);
    expect(times("C999")).toEqual([T0]);
    // Being held back for the channel's pace is not an attempt.
    for (const key of ["a1", "a2", "a3", "b1"])
      expect(await row(key)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("keeps a rate-limited channel quiet until the platform allows it", async () => {
    await store.enqueue(territoryId, [occurrence("a1"), occurrence("a2")]);
    let limited = true;
    const s = sender(() => {
      if (limited) {
        limited = false;
        throw new RateLimited(10_000);
      }
    });
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0, deferred: 0 });
    // a2 waits behind a1: nothing of the channel goes before the platform allows it.
    now = later(9_999);
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    now = later(10_000);
    expect(await s.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
    now = later(11_000);
    expect(await s.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
    expect(calls.map((c) => [c.key, c.at])).toEqual([
      ["a1", T0],
      ["a1", later(10_000)],
      ["a2", later(11_000)],
    ]);
  });

  it("marks a permanent failure failed at once and never tries it again", async () => {
    await store.enqueue(territoryId, [occurrence("gone")]);
    const s = sender(() => {
      throw new PermanentFailure("channel_not_found");
    });
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1, deferred: 0 });
    now = later(86_400_000);
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    expect(calls).toHaveLength(1);
    expect(await row("gone")).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "channel_not_found",
    });
  });

  it("gives up after maxAttempts, backing off between tries", async () => {
    await store.enqueue(territoryId, [occurrence("flaky")]);
    const s = sender(
      () => {
        throw new Error("ECONNRESET");
      },
      { maxAttempts: 3 },
    );
    for (const t of [0, 5_000, 15_000]) {
      now = later(t);
      await s.runOnce();
    }
    now = later(3_600_000);
    expect(await s.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    expect(calls.map((c) => c.at)).toEqual([T0, later(5_000), later(15_000)]);
    expect(await row("flaky")).toMatchObject({ status: "failed", attempts: 3, lastError: "ECONNRESET" });
    expect(await store.stats()).toMatchObject({ failed: 1, pending: 0 });
  });

  it("tells the platform to check first when it takes over an item a stopped process may have posted", async () => {
    await store.enqueue(territoryId, [occurrence("a-orphan"), occurrence("b-fresh", "C2")]);
    // Another process claimed "orphan" and stopped before recording the outcome.
    await store.claim("stopped-process", T0, { limit: 1, leaseMs: 60_000 });
    now = later(60_001);
    expect(await sender(() => {}).runOnce()).toEqual({ sent: 2, retried: 0, failed: 0, deferred: 0 });
    expect(calls.map((c) => [c.key, c.delivery.uncertain])).toEqual([
      ["a-orphan", true],
      ["b-fresh", false],
    ]);
    expect(await row("a-orphan")).toMatchObject({ status: "sent", attempts: 2, claimedBy: "test-process" });
  });

  it("records what was posted even when a later item of the run fails unexpectedly", async () => {
    await store.enqueue(territoryId, [occurrence("ok", "C1"), occurrence("boom", "C2")]);
    const s = sender((d) => {
      if (d.key === "boom") throw new Error("ECONNRESET");
    });
    expect(await s.runOnce()).toEqual({ sent: 1, retried: 1, failed: 0, deferred: 0 });
    expect(await row("ok")).toMatchObject({ status: "sent", sentAt: T0 });
    expect(await row("boom")).toMatchObject({ status: "pending", lastError: "ECONNRESET" });
  });

  it("does not post an item whose lease ran out during a slow batch", async () => {
    await store.enqueue(territoryId, [occurrence("x", "C1"), occurrence("y", "C2"), occurrence("z", "C3")]);
    const s = sender(
      () => {
        now = new Date(now.getTime() + 6_000);
      },
      { leaseMs: 10_000 },
    );
    expect(await s.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0, deferred: 1 });
    expect(calls.map((c) => c.key)).toEqual(["x", "y"]);
    expect(await row("z")).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: later(12_000) });
    expect(await s.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
  });
});
