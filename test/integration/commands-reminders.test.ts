import { readFile } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReminderRuntime } from "../../src/app-reminders.ts";
import { ConsoleAdapter } from "../../src/chat/console/console-adapter.ts";
import { parsePlan } from "../../src/domain/plan/load-plan.ts";
import { importPlan } from "../../src/store/plan-import.ts";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

const NOW = new Date("2026-11-30T08:00:00Z");
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("reminder commands", () => {
  let db: TestDatabase;
  let chat: TestChat;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startTestApp(db, NOW);
    await chat.send("territoire agen");
  });
  afterAll(async () => {
    await chat?.app.close();
    await db?.drop();
  });

  it("says a channel receives nothing until a coordinator subscribes it", async () => {
    const { text } = await chat.send("rappels");
    expect(text).toContain("Ce canal ne reçoit aucun rappel.");
  });

  it("subscribes the channel to the territory's events, with the policy in words", async () => {
    const { result, text } = await chat.send("rappels ici évènements");
    expect(result.status).toBe("ok");
    expect(text).toContain(
      "Ce canal recevra les rappels de l'Agglomération d'Agen : instances et journées ressources.",
    );
    expect(text).toContain("Évènements : J-14, J-2, le matin même");
    const shown = await chat.send("rappels");
    expect(shown.text).toContain("Agglomération d'Agen : évènements");
  });

  it("refuses an unknown scope and a bad hour in French", async () => {
    const scope = await chat.send("rappels ici météo");
    expect(scope.result.status).toBe("user-error");
    expect(scope.text).toContain("Portée attendue : « échéances », « évènements » ou « tout ».");
    const hour = await chat.send("rappels heure 25");
    expect(hour.result.status).toBe("user-error");
    expect(hour.text).toContain("Heure attendue entre 0 et 23");
  });

  it("lets a coordinator change the hour and the days before a deadline", async () => {
    const { text } = await chat.send("rappels jours 15,3,0");
    expect(text).toContain("Échéances : J-15, J-3, le jour même");
    expect((await chat.app.reminders.policyOf("agen")).milestoneDays).toEqual([15, 3, 0]);
    await chat.send("rappels heure 8h30");
    expect(await chat.app.reminders.policyOf("agen")).toMatchObject({ hour: 8, minute: 30 });
  });

  it("keeps the policy set in chat when the plan file, without « rappels: », is imported again", async () => {
    await chat.send("rappels heure 7");
    const file = path.join(ROOT, "prisma/plans/agen.yaml");
    const parsed = parsePlan(await readFile(file, "utf8"), file);
    if (!parsed.ok) throw new Error("agen.yaml does not parse");
    expect(parsed.plan.rappels).toBeUndefined();
    await importPlan(chat.app.db.prisma, parsed.plan, "2026-11-30");
    expect(await chat.app.reminders.policyOf("agen")).toMatchObject({ hour: 7, milestoneDays: [15, 3, 0] });
    // A file that says something wins: it is the operator's explicit choice.
    await importPlan(chat.app.db.prisma, { ...parsed.plan, rappels: { heure: 9, minute: 0 } }, "2026-11-30");
    expect(await chat.app.reminders.policyOf("agen")).toMatchObject({ hour: 9, minute: 0 });
    await chat.send("rappels heure 8h30");
  });

  it("only lets a coordinator configure a chat channel", async () => {
    const { result, text } = await chat.send("rappels ici tout", "C42", "slack");
    expect(result.status).toBe("user-error");
    expect(text).toBe("Seul un coordinateur de la CTG peut régler les rappels d'un canal.");
  });

  it("marks a milestone done from the reminder's words, and refuses an unknown one", async () => {
    const done = await chat.send("rappel fait 11@2023-01-01");
    expect(done.text).toContain("C'est noté : l'échéance 11@2023-01-01 est faite.");
    const action = await chat.app.repo.getAction((await chat.app.repo.getTerritory("agen"))?.id ?? "", "11");
    expect(action?.milestones.every((m) => m.done)).toBe(true);
    const unknown = await chat.send("rappel fait 14@2023-01-01");
    expect(unknown.result.status).toBe("user-error");
    expect(unknown.text).toBe("Je ne trouve pas l'échéance 14@2023-01-01 à l'Agglomération d'Agen.");
  });

  it("postpones a milestone by a date in French or by days, and refuses a past or unreadable date", async () => {
    const by = await chat.send("rappel reporter 3@2024-01-01 au 30/06/2027");
    expect(by.text).toContain("reportée au mercredi 30 juin 2027");
    const plus = await chat.send("rappel reporter 3@2024-01-01 +7 jours");
    expect(plus.text).toContain("reportée au lundi 7 décembre 2026");
    const past = await chat.send("rappel reporter 3@2024-01-01 au 01/01/2020");
    expect(past.text).toContain("est déjà passée");
    const bad = await chat.send("rappel reporter 3@2024-01-01 au bientôt");
    expect(bad.text).toContain("Je ne comprends pas la date « au bientôt »");
  });

  it("shows a due reminder in the console as it fires", async () => {
    await chat.app.reminders.subscribe({
      territorySlug: "agen",
      platform: "console",
      channelId: "console",
      kinds: ["event"],
      createdBy: "t",
    });
    const output = new PassThrough();
    let shown = "";
    output.on("data", (d) => {
      shown += d;
    });
    const adapter = new ConsoleAdapter({
      input: new PassThrough(),
      output,
      interactive: false,
      channelId: "console",
      userId: "u",
      pipeline: chat.app.pipeline().pipeline,
      clock: () => NOW,
    });
    let now = new Date("2026-11-30T12:00:00Z");
    const runtime = createReminderRuntime(
      chat.app,
      async (d) => {
        await adapter.deliver(d);
      },
      () => now,
    );
    await runtime.scheduler.tick();
    now = new Date("2026-12-01T08:05:00Z"); // J-2 of the COTECH of 3 December, 09:00 Paris
    await runtime.sender.runOnce();
    expect(shown).toContain("jeudi 3 décembre 2026");
  });
});
