import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { startTestApp } from "../helpers/app.ts";
import { createPgliteDatabase, createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";

/**
 * The reads every message makes are served from memory on the embedded database (one process:
 * every write goes through the bot's client and is counted), and always read on PostgreSQL
 * (other replicas and the command line write too). Either way a write is seen at once.
 */
describe("the plan's hot reads", () => {
  const NOW = new Date("2026-12-08T09:00:00Z");

  describe("on the embedded database", () => {
    let db: TestDatabase;
    let app: App;
    beforeAll(async () => {
      db = await createPgliteDatabase();
      app = (await startTestApp(db, NOW)).app;
    });
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it("are kept while nothing that changes the plan is written", async () => {
      const generation = app.db.planGeneration;
      if (generation === undefined) throw new Error("the embedded database counts its writes");
      const before = generation();
      const first = await app.repo.getTerritory("agen");
      // The ledger, the outbox and the audit log change constantly and say nothing of the plan.
      await app.ledger.firstTime("slack", "event:Ev1");
      await app.db.prisma.schedulerState.create({ data: { key: "essai", value: "1" } });
      expect(generation()).toBe(before);
      expect(await app.repo.getTerritory("agen")).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
    });

    it("see a binding, a renamed territory and a new identity at once", async () => {
      expect(await app.repo.getChannelTerritory("slack", "C0CACHE")).toBeNull();
      await app.repo.bindChannel("slack", "C0CACHE", "agen");
      expect(await app.repo.getChannelTerritory("slack", "C0CACHE")).toBe("agen");

      const before = await app.repo.getTerritory("agen");
      await app.db.prisma.$executeRaw`UPDATE territory SET name = 'Agen renommée' WHERE slug = 'agen'`;
      const after = await app.repo.getTerritory("agen");
      expect(after?.name).toBe("Agen renommée");
      expect(after).not.toBe(before);
      expect((await app.repo.listTerritories()).map((t) => t.name)).toContain("Agen renommée");

      expect(await app.repo.findChatUser("slack", "U0NOUVEAU")).toBeNull();
      const person = await app.db.prisma.person.findFirstOrThrow({ where: { territory: { slug: "agen" } } });
      await app.db.prisma.$transaction(async (tx) => {
        await tx.chatIdentity.create({
          data: { personId: person.id, platform: "slack", externalId: "U0NOUVEAU" },
        });
      });
      expect((await app.repo.findChatUser("slack", "U0NOUVEAU"))?.territorySlug).toBe("agen");
    });
  });

  describe("on PostgreSQL", () => {
    let db: TestDatabase;
    let app: App;
    let other: App;
    let dir: string;
    beforeAll(async () => {
      db = await createPostgresDatabase();
      dir = await mkdtemp(path.join(tmpdir(), "ctg-cache-pg-"));
      app = (await startTestApp({ ...db, dataDir: path.join(dir, "a") }, NOW)).app;
      other = (await startTestApp({ ...db, dataDir: path.join(dir, "b") }, NOW, { SEED_DEMO: "false" })).app;
    });
    afterAll(async () => {
      await other?.close();
      await app?.close();
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it("are read each time: what another process writes is seen at once", async () => {
      expect(app.db.planGeneration).toBeUndefined();
      expect(await app.repo.getChannelTerritory("slack", "C0AILLEURS")).toBeNull();
      await other.repo.bindChannel("slack", "C0AILLEURS", "agen");
      expect(await app.repo.getChannelTerritory("slack", "C0AILLEURS")).toBe("agen");
    });
  });
});
