import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { createApp } from "../../src/app.ts";
import { createReminderRuntime } from "../../src/app-reminders.ts";
import { renderText } from "../../src/chat/render-text.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Deliver, Delivery } from "../../src/core/delivery.ts";
import { parsePlan } from "../../src/domain/plan/load-plan.ts";
import { importPlan } from "../../src/store/plan-import.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

const ALL = ["milestone", "overdue", "event", "convention", "referents", "digest"] as const;

/** A small plan with one day-precise milestone, to follow a date that moves. */
const PLAN = `territoire:
  slug: essai
  nom: Territoire d'essai
axes:
  - numero: "1"
    titre: Axe
actions:
  - numero: "1"
    axe: "1"
    titre: Rendre le diagnostic jeunesse
    echeancier: "15 mars 2027 : rendu du diagnostic"
`;

describe("reminder scheduler and outbox (embedded database, fake clock)", () => {
  let db: TestDatabase;
  let app: App;
  let now: Date;
  const delivered: Delivery[] = [];
  const deliver: Deliver = async (d) => {
    delivered.push(d);
  };
  /** A bot process: plans then sends everything due, at the fake time. */
  const runProcess = async () => {
    const runtime = createReminderRuntime(app, deliver, () => now);
    await runtime.scheduler.tick();
    const start = now;
    for (let i = 0; i < 200; i++) {
      const round = await runtime.sender.runOnce();
      if (round.sent === 0 && round.deferred === 0) break;
      if (round.deferred > 0) now = new Date(now.getTime() + 1_000); // pacing: one message a second
    }
    now = start;
  };
  const at = (iso: string) => {
    now = new Date(iso);
  };

  beforeEach(async () => {
    delivered.length = 0;
    db = await createPgliteDatabase();
    now = new Date("2026-11-20T12:00:00Z");
    app = await createApp(loadConfig({ DATA_DIR: db.dataDir }), { clock: () => now });
  });
  afterEach(async () => {
    await app?.close();
    await db?.drop();
  });

  it("un rappel d'évènement J-2 n'est envoyé qu'une fois, même après un redémarrage", async () => {
    await app.reminders.subscribe({
      territorySlug: "agen",
      platform: "console",
      channelId: "c",
      kinds: ["event"],
      createdBy: "t",
    });
    at("2026-11-30T12:00:00Z");
    await runProcess();
    at("2026-12-01T08:30:00Z"); // J-2 of the COTECH of Thursday 3 December, due 09:00 Paris = 08:00Z
    await runProcess();
    await runProcess(); // a restart: a new scheduler and sender on the same database
    const j2 = delivered.filter((d) => d.key.startsWith("event:2026-12-03:J-2:"));
    expect(j2).toHaveLength(1);
    expect(renderText(j2[0]?.reply ?? { blocks: [] }, "/ctg").text).toContain("3 décembre 2026");
  });

  it("a date moved after J-30 was sent: J-7 follows the new date, J-30 is not repeated", async () => {
    const parsed = parsePlan(PLAN, "essai.yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    await importPlan(app.db.prisma, parsed.plan, "2026-11-20");
    await app.reminders.subscribe({
      territorySlug: "essai",
      platform: "console",
      channelId: "c",
      kinds: ["milestone"],
      createdBy: "t",
    });
    at("2027-02-12T12:00:00Z"); // the bot runs the day before…
    await runProcess();
    at("2027-02-13T08:30:00Z"); // …and sends J-30 of 15 March at 09:00 Paris (08:00Z)
    await runProcess();
    expect(delivered.map((d) => d.key)).toEqual(["milestone:1@2027-03-15:J-30:console:c"]);
    expect(await app.reminders.postponeMilestone("essai", "1@2027-03-15", "2027-04-15")).toBe(true);
    at("2027-03-07T12:00:00Z");
    await runProcess();
    at("2027-03-08T09:00:00Z"); // the old J-7: nothing any more
    await runProcess();
    expect(delivered).toHaveLength(1);
    at("2027-03-15T12:00:00Z");
    await runProcess();
    at("2027-03-16T09:00:00Z"); // J-30 of the new date: already sent once, not repeated
    await runProcess();
    expect(delivered).toHaveLength(1);
    at("2027-04-07T12:00:00Z");
    await runProcess();
    at("2027-04-08T07:30:00Z"); // J-7 of 15 April, 09:00 Paris summer time = 07:00Z
    await runProcess();
    expect(delivered.map((d) => d.key)).toEqual([
      "milestone:1@2027-03-15:J-30:console:c",
      "milestone:1@2027-03-15:J-7:console:c",
    ]);
    expect(delivered[1]?.text).toContain("15 avril 2027");
  });

  it("after ten days down: one catch-up message per channel, no past event announced", async () => {
    await app.reminders.subscribe({
      territorySlug: "agen",
      platform: "console",
      channelId: "c",
      kinds: [...ALL],
      createdBy: "t",
    });
    at("2026-11-25T12:00:00Z");
    await runProcess();
    const before = delivered.length;
    at("2026-12-05T12:00:00Z"); // the bot was down from 25 November to 5 December
    await runProcess();
    const after = delivered.slice(before);
    const catchUps = after.filter((d) => d.key.startsWith("rattrapage:"));
    expect(catchUps).toHaveLength(1);
    expect(catchUps[0]?.text).toMatch(/^Rattrapage des rappels de l'Agglomération d'Agen/);
    // The COTECH of 3 December took place during the downtime: never announced as upcoming.
    expect(after.some((d) => d.key.startsWith("event:2026-12-03:"))).toBe(false);
    expect(catchUps[0]?.text ?? "").not.toMatch(/(^|[^\d])3 décembre 2026/);
    expect(catchUps[0]?.text).toContain("Comité de pilotage");
    expect(catchUps[0]?.text).toMatch(/\d+ échéances en retard/);
  });

  it("a tick for one timezone plans only that timezone's territories", async () => {
    await app.reminders.subscribe({
      territorySlug: "agen",
      platform: "console",
      channelId: "c",
      kinds: ["event"],
      createdBy: "t",
    });
    const runtime = createReminderRuntime(app, deliver, () => now);
    expect((await runtime.scheduler.tick({ timezone: "America/Cayenne" })).territories).toBe(0);
    expect((await runtime.scheduler.tick({ timezone: "Europe/Paris" })).territories).toBe(1);
  });
});
