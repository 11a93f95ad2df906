import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePlan } from "../../src/domain/plan/load-plan.ts";
import { ReminderScheduler } from "../../src/scheduler/reminder-scheduler.ts";
import { Sender } from "../../src/scheduler/sender.ts";
import { OutboxStore } from "../../src/store/outbox-store.ts";
import { importPlan } from "../../src/store/plan-import.ts";
import { purgeExpired } from "../../src/store/retention.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type EssaiChat, startEssaiApp } from "../helpers/essai-app.ts";

const DAY = 24 * 3600 * 1000;

/** An overdue milestone (notices every 30 days), one to postpone, a past COPIL. */
const PLAN = `territoire:
  slug: duree
  nom: Territoire de la durée
rappels:
  retard_tous_les_jours: 30
axes:
  - numero: "1"
    titre: Axe
actions:
  - numero: "1"
    axe: "1"
    titre: Écrire le bilan
    jalons:
      - libelle: Rapport
        debut: 2026-12-01
        fin: 2026-12-01
        precision: day
      - libelle: Bilan
        debut: 2027-01-15
        fin: 2027-01-15
        precision: day
evenements:
  - cle: copil-1
    type: copil
    titre: Comité de pilotage
    debut: 2026-12-15T10:00
`;

describe("retention: purgeExpired (embedded database, fake clock)", () => {
  let db: TestDatabase;
  let chat: EssaiChat;
  let now = new Date("2026-11-20T08:00:00Z");

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startEssaiApp(db, () => now);
    const parsed = parsePlan(PLAN, "duree.yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    await importPlan(chat.app.db.prisma, parsed.plan, "2026-11-20");
  });
  afterAll(async () => {
    await chat?.close();
    await db?.drop();
  });

  it("efface le journal d'audit au-delà de AUDIT_RETENTION_DAYS, pas avant", async () => {
    const prisma = chat.app.db.prisma;
    await prisma.auditEntry.deleteMany();
    const at = new Date("2027-06-01T12:00:00Z");
    for (const daysAgo of [400, 366, 364, 0]) {
      now = new Date(at.getTime() - daysAgo * DAY);
      await chat.app.audit.record({
        territoryId: null,
        actor: "cli",
        action: "plan.imported",
        target: `${daysAgo}`,
      });
    }
    const report = await purgeExpired(prisma, at, { auditRetentionDays: 365, outboxRetentionDays: 90 });
    expect(report.audit).toBe(2);
    expect((await prisma.auditEntry.findMany({ orderBy: { at: "asc" } })).map((e) => e.target)).toEqual([
      "364",
      "0",
    ]);
  });

  it("refuse une durée de conservation des rappels de moins de 30 jours", async () => {
    await expect(
      purgeExpired(chat.app.db.prisma, now, { auditRetentionDays: 365, outboxRetentionDays: 29 }),
    ).rejects.toThrow(/at least 30/);
  });

  it("purgé chaque jour pendant trois mois, avec un report d'échéance et 33 jours d'arrêt : aucun rappel n'est envoyé deux fois", async () => {
    const prisma = chat.app.db.prisma;
    const delivered: string[] = [];
    const store = new OutboxStore(prisma, { kind: chat.app.db.kind });
    const clock = () => now;
    // Late reminders go out one by one (no catch-up message): a re-planned key would show.
    const scheduler = new ReminderScheduler({
      repo: chat.app.repo,
      reminders: chat.app.reminders,
      knowledge: chat.app.knowledge,
      store,
      clock,
      catchUpThreshold: 1000,
    });
    const sender = new Sender({
      store,
      clock,
      owner: "test",
      perChannelIntervalMs: 0,
      deliver: async (d) => {
        delivered.push(d.key);
      },
    });
    await chat.app.reminders.subscribe({
      territorySlug: "duree",
      platform: "console",
      channelId: "c",
      kinds: ["milestone", "overdue", "event", "digest"],
      createdBy: "t",
    });
    const settings = { auditRetentionDays: 1, outboxRetentionDays: 30 };
    const totals = { outbox: 0, outboxCompacted: 0 };
    const purge = async () => {
      const r = await purgeExpired(prisma, now, settings);
      totals.outbox += r.outbox;
      totals.outboxCompacted += r.outboxCompacted;
    };
    const key = (k: string) => prisma.outboxItem.findUnique({ where: { key: k } });
    // 09:00 in Paris all winter: each day the bot plans and sends its reminders at that minute.
    for (
      let day = new Date("2026-11-20T08:00:00Z");
      day <= new Date("2027-03-20T08:00:00Z");
      day = new Date(day.getTime() + DAY)
    ) {
      now = day;
      const iso = day.toISOString().slice(0, 10);
      const down = iso >= "2027-02-01" && iso < "2027-03-05";
      if (!down) {
        await scheduler.tick();
        while ((await sender.runOnce()).sent > 0);
      }
      // The cron job purges every day, the bot running or not.
      await purge();
      if (iso === "2027-01-20") {
        // The J-30 of the « Bilan » went out on 16 December; it is 35 days old now (compacted).
        expect(await key("milestone:1@2027-01-15:J-30:console:c")).toMatchObject({
          status: "sent",
          text: "",
        });
        expect(await chat.app.reminders.postponeMilestone("duree", "1@2027-01-15", "2027-02-25")).toBe(true);
      }
      if (iso === "2027-03-04") {
        // Sent at the very minute of the last tick before the stop: kept, the restart plans from there.
        expect(await key("overdue:1@2026-12-01:2027-01-31:console:c")).toMatchObject({ status: "sent" });
        // A month older, date-bound: deleted.
        expect(await key("overdue:1@2026-12-01:2027-01-01:console:c")).toBeNull();
      }
    }
    const twice = delivered.filter((k, i) => delivered.indexOf(k) !== i);
    expect(twice).toEqual([]);
    expect(delivered.filter((k) => k.startsWith("milestone:1@2027-01-15:J-30:"))).toHaveLength(1);
    expect(delivered).toContain("overdue:1@2026-12-01:2027-01-31:console:c");
    expect(delivered).toContain("overdue:1@2027-01-15:2027-02-26:console:c"); // new after the restart
    expect(totals.outbox).toBeGreaterThan(0);
    expect(totals.outboxCompacted).toBeGreaterThan(0);
    // Nothing pending or sending was ever removed: what is left is recent or a bare mark of delivery.
    const old = await prisma.outboxItem.findMany({
      where: { dueAt: { lt: new Date(now.getTime() - 30 * DAY) } },
    });
    expect(old.every((o) => o.status === "sent" && o.text === "" && ["milestone"].includes(o.kind))).toBe(
      true,
    );
  });
});
