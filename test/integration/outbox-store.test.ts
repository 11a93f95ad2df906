import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Occurrence } from "../../src/core/reminders/occurrence.ts";
import { reply, text } from "../../src/core/reply.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { OutboxStore } from "../../src/store/outbox-store.ts";
import { DATABASE_KINDS, type TestDatabase } from "../helpers/databases.ts";

const T0 = new Date("2026-12-01T08:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** Each key has its own channel unless a test names one: a claim takes one item per channel. */
function occurrence(key: string, minutes: number, overrides: Partial<Occurrence> = {}): Occurrence {
  return {
    key,
    at: at(minutes),
    channel: { platform: "slack", channelId: `C-${key}` },
    kind: "event",
    ref: "2026-12-15",
    text: `Rappel ${key}`,
    reply: reply(text(`Rappel ${key}`)),
    subjectAt: null,
    ...overrides,
  };
}

describe.each(DATABASE_KINDS)("outbox store on %s", (label, create) => {
  let testDb: TestDatabase;
  let db: Database;
  let store: OutboxStore;
  let territoryId: string;

  beforeAll(async () => {
    testDb = await create();
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
  });

  it("un rappel planifié deux fois n'est enregistré qu'une fois", async () => {
    const planned = [occurrence("a", 0), occurrence("b", 10), occurrence("a", 0)];
    expect(await store.enqueue(territoryId, planned)).toBe(2);
    expect(await store.enqueue(territoryId, [...planned, occurrence("c", 20)])).toBe(1);
    expect(await db.prisma.outboxItem.count()).toBe(3);
    const a = await db.prisma.outboxItem.findUniqueOrThrow({ where: { key: "a" } });
    expect(a).toMatchObject({ status: "pending", dueAt: at(0), nextAttemptAt: at(0), attempts: 0 });
    expect(a.reply).toEqual({ blocks: [{ type: "text", text: "Rappel a" }] });
  });

  it("enqueues a large plan in batches", async () => {
    const many = Array.from({ length: 1_234 }, (_, i) => occurrence(`k${i}`, i));
    expect(await store.enqueue(territoryId, many)).toBe(1_234);
    expect(await store.enqueue(territoryId, many)).toBe(0);
  });

  it("claims only items whose next attempt is due, oldest first, and counts the attempt", async () => {
    await store.enqueue(territoryId, [
      occurrence("later", 30),
      occurrence("second", 5),
      occurrence("first", 0),
    ]);
    expect(await store.claim("p1", at(-1), { limit: 10, leaseMs: 60_000 })).toEqual([]);
    const claimed = await store.claim("p1", at(5), { limit: 10, leaseMs: 60_000 });
    expect(claimed.map((c) => c.key)).toEqual(["first", "second"]);
    expect(claimed[0]).toMatchObject({
      territoryId,
      platform: "slack",
      channelId: "C-first",
      attempts: 1,
      recovered: false,
      dueAt: at(0),
      claimedUntil: new Date(at(5).getTime() + 60_000),
      reply: { blocks: [{ type: "text", text: "Rappel first" }] },
    });
    // Claimed items are leased: a second claim before the lease ends gets nothing new.
    expect((await store.claim("p2", at(6), { limit: 10, leaseMs: 60_000 })).map((c) => c.key)).toEqual([]);
    expect((await store.claim("p2", at(30), { limit: 1, leaseMs: 60_000 })).map((c) => c.key)).toEqual([
      "first",
    ]);
  });

  it("takes one item per channel at a time, in order, and never lets a held-back one be overtaken", async () => {
    const channel = { platform: "slack", channelId: "C123" };
    await store.enqueue(territoryId, [
      occurrence("c1", 0, { channel }),
      occurrence("c2", 1, { channel }),
      occurrence("c3", 2, { channel }),
      occurrence("other", 2),
    ]);
    const keys = async (owner: string, minutes: number) =>
      (await store.claim(owner, at(minutes), { limit: 10, leaseMs: 60_000 })).map((c) => c.key);
    const [c1, other] = await store.claim("p1", at(5), { limit: 10, leaseMs: 60_000 });
    expect([c1?.key, other?.key]).toEqual(["c1", "other"]);
    // While c1 is being sent under a live lease, nobody takes the channel's next item.
    expect(await keys("p2", 5)).toEqual([]);
    await store.markSent(other?.id ?? "", "p1", at(5));
    // c1 is put back for later (rate limited): the channel waits with it, c2 does not overtake.
    await store.retryLater(c1?.id ?? "", "p1", at(20), "429", { countAttempt: false });
    expect(await keys("p2", 10)).toEqual([]);
    const [again] = await store.claim("p2", at(20), { limit: 10, leaseMs: 60_000 });
    expect(again?.key).toBe("c1");
    await store.markSent(again?.id ?? "", "p2", at(20));
    expect(await keys("p2", 20)).toEqual(["c2"]);
  });

  it("lets another owner take over an expired lease, and ignores the stale owner afterwards", async () => {
    await store.enqueue(territoryId, [occurrence("a", 0)]);
    const [first] = await store.claim("crashed", at(0), { limit: 5, leaseMs: 60_000 });
    expect(first?.recovered).toBe(false);
    expect(await store.claim("p2", at(1), { limit: 5, leaseMs: 60_000 })).toEqual([]);
    const [taken] = await store.claim("p2", at(2), { limit: 5, leaseMs: 60_000 });
    expect(taken?.id).toBe(first?.id);
    expect(taken?.attempts).toBe(2);
    // The crashed owner may have posted it: whoever takes it over must ask the platform first.
    expect(taken?.recovered).toBe(true);
    const id = taken?.id ?? "";
    expect(await store.markSent(id, "crashed", at(2))).toBe(false);
    expect(await store.markFailed(id, "crashed", "boom")).toBe(false);
    expect(await store.retryLater(id, "crashed", at(10), "boom")).toBe(false);
    expect(await store.markSent(id, "p2", at(3))).toBe(true);
    expect(await store.markSent(id, "p2", at(4))).toBe(false);
    const row = await db.prisma.outboxItem.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "sent", sentAt: at(3), claimedBy: "p2", attempts: 2 });
    expect(await store.claim("p3", at(100), { limit: 5, leaseMs: 60_000 })).toEqual([]);
  });

  it("puts an item back for later, with or without counting the attempt", async () => {
    await store.enqueue(territoryId, [occurrence("a", 0)]);
    const [item] = await store.claim("p1", at(0), { limit: 1, leaseMs: 60_000 });
    const id = item?.id ?? "";
    expect(await store.retryLater(id, "p1", at(5), "429", { countAttempt: false })).toBe(true);
    expect(await db.prisma.outboxItem.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "pending",
      attempts: 0,
      nextAttemptAt: at(5),
      lastError: "429",
    });
    expect(await store.claim("p1", at(4), { limit: 1, leaseMs: 60_000 })).toEqual([]);
    await store.claim("p1", at(5), { limit: 1, leaseMs: 60_000 });
    expect(await store.retryLater(id, "p1", at(6), "500")).toBe(true);
    await store.claim("p1", at(6), { limit: 1, leaseMs: 60_000 });
    expect(await store.markFailed(id, "p1", "canal supprimé")).toBe(true);
    expect(await db.prisma.outboxItem.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "failed",
      attempts: 2,
      lastError: "canal supprimé",
    });
  });

  it("un changement de date annule les rappels en attente, jamais un rappel déjà envoyé", async () => {
    await store.enqueue(territoryId, [
      occurrence("old-J-7", 10),
      occurrence("old-J-2", 20),
      occurrence("outside", 500),
      occurrence("sent", 5),
      occurrence("in-flight", 6),
    ]);
    const claimed = await store.claim("p1", at(6), { limit: 2, leaseMs: 60_000 });
    const sent = claimed.find((c) => c.key === "sent");
    await store.markSent(sent?.id ?? "", "p1", at(6));

    const window = { from: at(0), to: at(100) };
    const keep = [occurrence("new-J-7", 40), occurrence("old-J-2", 20)];
    expect(await store.replan(territoryId, keep, window)).toEqual({
      cancelled: 1,
      inserted: 1,
      revived: 0,
      updated: 0,
    });
    const status = async () =>
      Object.fromEntries(
        (await db.prisma.outboxItem.findMany({ orderBy: { key: "asc" } })).map((r) => [r.key, r.status]),
      );
    expect(await status()).toEqual({
      "in-flight": "sending",
      "new-J-7": "pending",
      "old-J-2": "pending",
      "old-J-7": "cancelled",
      outside: "pending",
      sent: "sent",
    });

    // The date moves back: the cancelled reminder is planned again, the sent one stays sent.
    const back = [occurrence("old-J-7", 10), occurrence("old-J-2", 20), occurrence("sent", 5)];
    expect(await store.replan(territoryId, back, window)).toEqual({
      cancelled: 1,
      inserted: 0,
      revived: 1,
      updated: 0,
    });
    expect(await status()).toMatchObject({ "new-J-7": "cancelled", "old-J-7": "pending", sent: "sent" });
    const due = await store.claim("p1", at(100), { limit: 10, leaseMs: 60_000 });
    // "in-flight"'s lease (until minute 7) is long over: its owner crashed, it is taken over.
    expect(due.map((d) => d.key)).toEqual(["in-flight", "old-J-7", "old-J-2"]);
    expect(due.map((d) => d.recovered)).toEqual([true, false, false]);
  });

  it("a pending reminder follows a new time or wording; a sent one keeps what was sent", async () => {
    await store.enqueue(territoryId, [occurrence("place", 10), occurrence("done", 5)]);
    const [done] = await store.claim("p1", at(5), { limit: 1, leaseMs: 60_000 });
    await store.markSent(done?.id ?? "", "p1", at(5));
    const window = { from: at(0), to: at(100) };
    const moved = [
      occurrence("place", 30, { text: "COPIL salle du conseil" }),
      occurrence("done", 5, { text: "changé" }),
    ];
    expect(await store.replan(territoryId, moved, window)).toEqual({
      cancelled: 0,
      inserted: 0,
      revived: 0,
      updated: 1,
    });
    expect(await db.prisma.outboxItem.findUniqueOrThrow({ where: { key: "place" } })).toMatchObject({
      status: "pending",
      dueAt: at(30),
      nextAttemptAt: at(30),
      text: "COPIL salle du conseil",
    });
    expect(await db.prisma.outboxItem.findUniqueOrThrow({ where: { key: "done" } })).toMatchObject({
      status: "sent",
      text: "Rappel done",
    });
    // Planned again unchanged: nothing is written.
    expect(await store.replan(territoryId, moved, window)).toEqual({
      cancelled: 0,
      inserted: 0,
      revived: 0,
      updated: 0,
    });
  });

  it("counts items by status and reports the oldest pending due date", async () => {
    expect(await store.stats()).toEqual({
      pending: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      cancelled: 0,
      oldestPendingDueAt: null,
    });
    await store.enqueue(territoryId, [occurrence("a", 0), occurrence("b", 1), occurrence("c", 2)]);
    const [a] = await store.claim("p1", at(0), { limit: 1, leaseMs: 60_000 });
    await store.markSent(a?.id ?? "", "p1", at(0));
    await store.claim("p1", at(1), { limit: 1, leaseMs: 60_000 });
    expect(await store.stats()).toEqual({
      pending: 1,
      sending: 1,
      sent: 1,
      failed: 0,
      cancelled: 0,
      oldestPendingDueAt: at(2),
    });
  });

  it("keeps the scheduler's marks", async () => {
    expect(await store.getState("planned-until:agen")).toBeNull();
    await store.setState("planned-until:agen", "2026-12-31");
    await store.setState("planned-until:agen", "2027-01-31");
    expect(await store.getState("planned-until:agen")).toBe("2027-01-31");
  });

  it.runIf(label === "PostgreSQL")(
    "quatre processus qui réclament en même temps se partagent 500 rappels sans doublon",
    async () => {
      await store.enqueue(
        territoryId,
        Array.from({ length: 500 }, (_, i) => occurrence(`k${String(i).padStart(3, "0")}`, 0)),
      );
      const others = await Promise.all(
        [1, 2, 3, 4].map(() => openDatabase({ url: testDb.url, dataDir: testDb.dataDir })),
      );
      try {
        const stores = others.map((o) => new OutboxStore(o.prisma, { kind: o.kind }));
        await Promise.all(stores.map((s) => s.claim("warm-up", at(-1), { limit: 1, leaseMs: 1 })));
        const claims = await Promise.all(
          stores.map((s, i) => s.claim(`p${i}`, at(1), { limit: 125, leaseMs: 60_000 })),
        );
        // SKIP LOCKED: nobody waits for, or takes, a row another claim holds; each finds its 125.
        expect(claims.map((c) => c.length)).toEqual([125, 125, 125, 125]);
        const ids = claims.flatMap((c) => c.map((item) => item.id));
        expect(ids).toHaveLength(500);
        expect(new Set(ids).size).toBe(500);
        for (const [i, claim] of claims.entries()) {
          const inDb = await db.prisma.outboxItem.findMany({
            where: { claimedBy: `p${i}` },
            select: { id: true },
          });
          expect(new Set(inDb.map((r) => r.id))).toEqual(new Set(claim.map((c) => c.id)));
        }
      } finally {
        await Promise.all(others.map((o) => o.close()));
      }
    },
  );
});
