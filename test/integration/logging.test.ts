import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { createReminderRuntime } from "../../src/app-reminders.ts";
import { type ChatRuntime, startChatRuntime } from "../../src/cli/serve.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Delivery } from "../../src/core/delivery.ts";
import type { Occurrence } from "../../src/core/reminders/occurrence.ts";
import { reply, text } from "../../src/core/reply.ts";
import { createLogger, secretsOf } from "../../src/ops/logger.ts";
import { Sender } from "../../src/scheduler/sender.ts";
import { OutboxStore } from "../../src/store/outbox-store.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeHomeserver, startFakeHomeserver } from "../helpers/fake-matrix/index.ts";
import { addAgenPerson } from "../helpers/people.ts";

type Line = Record<string, unknown> & { level: string; msg: string; cid?: string; event?: string };

const ASKER = "@inconnue:fake.test";
const REFERENT = "@referente:fake.test";
const MARKER = "CONTENU-CONFIDENTIEL-7f3";

describe("JSON logs of a running bot (Matrix, embedded database)", () => {
  let db: TestDatabase;
  let dir: string;
  let hs: FakeHomeserver;
  let app: App;
  let runtime: ChatRuntime;
  let room: string;
  const raw: string[] = [];
  const lines = () => raw.map((l) => JSON.parse(l) as Line);
  const bodyOf = (e: { content: Record<string, unknown> }) => String(e.content.body ?? "");
  /** Until the bot has taken in everything (its /sync is held again) and its handlers are done. */
  async function waitUntil(condition: () => boolean): Promise<void> {
    for (let round = 0; round < 5 && !condition(); round += 1) {
      await hs.heldSync();
      await runtime.matrix?.idle();
    }
    expect(condition()).toBe(true);
  }

  beforeAll(async () => {
    db = await createPgliteDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-logs-"));
    hs = await startFakeHomeserver();
    const config = loadConfig({
      DATA_DIR: db.dataDir,
      WORKSPACE_DIR: path.join(dir, "espace"),
      MATRIX_HOMESERVER_URL: hs.url,
      MATRIX_ACCESS_TOKEN: hs.botToken,
      OPS_PORT: "0",
    });
    const clock = () => new Date();
    app = await createApp(config, { clock });
    await addAgenPerson(app, {
      key: "referente",
      role: "referent_technique",
      platform: "matrix",
      externalId: REFERENT,
    });
    runtime = await startChatRuntime(config, app, {
      clock,
      log: createLogger({
        level: "info",
        destination: { write: (line) => void raw.push(line) },
        secrets: secretsOf(config),
      }),
    });
    room = hs.createRoom({ creator: REFERENT, members: [REFERENT, ASKER, hs.botUserId] });
    await app.repo.bindChannel("matrix", room, "agen");
    await hs.heldSync();
  });

  afterAll(async () => {
    await runtime?.stop();
    await hs?.close();
    await app?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("one line per command, with a correlation id, its name and outcome, never the message's text", async () => {
    const answered = hs.nextSent({ roomId: room });
    hs.sendAs(ASKER, room, { msgtype: "m.text", body: "!ctg sigle LAEP" });
    await answered;
    const commands = lines().filter((l) => l.event === "command" && l.user === ASKER);
    expect(commands).toHaveLength(1);
    const [line] = commands;
    expect(line).toMatchObject({
      level: "info",
      service: "ctg-bot",
      platform: "matrix",
      channel: room,
      command: "sigle",
      outcome: "ok",
      files: 0,
    });
    expect(line?.cid).toMatch(/^[0-9a-f]{12}$/);
    expect(typeof line?.ms).toBe("number");
    expect(Date.parse(String(line?.time))).not.toBeNaN();
    expect(JSON.stringify(line)).not.toContain("LAEP");
  });

  it("a filing logs the command and the filing under one correlation id, without the document", async () => {
    const url = hs.uploadMedia({
      bytes: `Relevé des échanges du COPIL. ${MARKER}`,
      fileName: "compte-rendu.txt",
      contentType: "text/plain",
    });
    hs.sendAs(REFERENT, room, {
      msgtype: "m.file",
      body: "CR du COPIL d'hier",
      filename: "compte-rendu.txt",
      url,
      info: { mimetype: "text/plain" },
    });
    await waitUntil(() => hs.sentBy(hs.botUserId, room).some((e) => bodyOf(e).includes("Rangé :")));
    const doc = await app.db.prisma.filedDocument.findFirstOrThrow({
      where: { originalName: "compte-rendu.txt" },
    });
    const filing = lines().find((l) => l.event === "filing");
    expect(filing).toMatchObject({ level: "info", outcome: "filed", document: doc.id, territory: "agen" });
    const command = lines().find((l) => l.event === "command" && l.cid === filing?.cid);
    expect(command).toMatchObject({ command: "ranger", outcome: "ok", files: 1, user: REFERENT });
    const all = raw.join("");
    expect(all).not.toContain(MARKER);
    expect(all).not.toContain("compte-rendu");
    expect(all).not.toContain("CR du COPIL");
  });

  it("an internal error is logged with its cause, and the user gets the correlation id to quote", async () => {
    await app.db.prisma.$executeRawUnsafe("ALTER TABLE filed_document RENAME TO filed_document_away");
    try {
      hs.sendAs(REFERENT, room, { msgtype: "m.text", body: "!ctg docs copil" });
      await waitUntil(() => hs.sentBy(hs.botUserId, room).some((e) => bodyOf(e).includes("Référence")));
      const answer = hs
        .sentBy(hs.botUserId, room)
        .map(bodyOf)
        .find((b) => b.includes("Référence"));
      const cid = /Référence de l'incident : ([0-9a-f]{12})/.exec(answer ?? "")?.[1];
      expect(cid).toBeDefined();
      const failed = lines().find((l) => l.cid === cid && l.event === "command");
      expect(failed).toMatchObject({ level: "error", command: "docs", outcome: "internal-error" });
      expect(failed?.err).toMatchObject({ type: "DriverAdapterError" });
      expect(JSON.stringify(failed?.err)).toContain('relation \\"public.filed_document\\" does not exist');
      // Logged once, under its correlation id (not a second time by the adapter).
      expect(
        lines().filter((l) => l.component === "matrix" && JSON.stringify(l).includes("filed_document")),
      ).toEqual([]);
    } finally {
      await app.db.prisma.$executeRawUnsafe("ALTER TABLE filed_document_away RENAME TO filed_document");
    }
  });

  it("every line is JSON with time, level and message; the access token never appears", () => {
    expect(raw.length).toBeGreaterThan(3);
    for (const line of lines()) {
      expect(line).toHaveProperty("time");
      expect(["info", "warn", "error", "debug"]).toContain(line.level);
      expect(typeof line.msg).toBe("string");
    }
    expect(raw.join("")).not.toContain(hs.botToken);
    expect(lines().some((l) => l.event === "platform.started" && l.platform === "matrix")).toBe(true);
    // matrix-bot-sdk's own messages (a 404 on account data not set yet) are JSON lines too.
    expect(lines().some((l) => l.component === "matrix-sdk" && l.level === "warn")).toBe(true);
    // The retention purge ran once at start (then nightly), and said what it deleted.
    expect(lines().find((l) => l.event === "retention.purged")).toMatchObject({ audit: 0, outbox: 0 });
    // Every territory's plan was indexed in the background after start-up.
    expect(lines().find((l) => l.event === "knowledge.warmed")).toMatchObject({ territories: 5 });
  });
});

describe("reminders: a log line per delivery, and a shutdown gives the claimed rest back", () => {
  const T0 = new Date("2026-12-01T08:00:00.000Z");
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await createPgliteDatabase();
    app = await createApp(
      loadConfig({ DATA_DIR: db.dataDir, WORKSPACE_DIR: path.join(db.dataDir, "espace") }),
      {
        clock: () => T0,
      },
    );
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const occurrence = (key: string, channelId: string): Occurrence => ({
    key,
    at: T0,
    channel: { platform: "slack", channelId },
    kind: "milestone",
    ref: "11",
    text: `Texte du rappel ${key}`,
    reply: reply(text(`Texte du rappel ${key}`)),
    subjectAt: null,
  });

  it("stopping mid-round posts the current item and releases the others at once, for another process", async () => {
    const territory = await app.db.prisma.territory.findUniqueOrThrow({ where: { slug: "agen" } });
    const store = new OutboxStore(app.db.prisma, { kind: app.db.kind });
    await store.enqueue(territory.id, [
      occurrence("r:a", "C1"),
      occurrence("r:b", "C2"),
      occurrence("r:c", "C3"),
    ]);
    const raw: string[] = [];
    const delivered: Delivery[] = [];
    const runtime = createReminderRuntime(
      app,
      async (delivery) => {
        delivered.push(delivery);
        // SIGTERM arrives while the first reminder is being posted.
        runtime.sender.stop();
      },
      () => T0,
      { log: createLogger({ level: "info", destination: { write: (line) => void raw.push(line) } }) },
    );
    const report = await runtime.sender.runOnce();
    expect(report).toMatchObject({ sent: 1, deferred: 2, failed: 0 });
    expect(delivered.map((d) => d.key)).toEqual(["r:a"]);
    expect(await runtime.sender.runOnce()).toMatchObject({ sent: 0, deferred: 0 });

    const rows = await app.db.prisma.outboxItem.findMany({ orderBy: { key: "asc" } });
    expect(rows.map((r) => [r.key, r.status, r.attempts, r.claimedUntil, r.sentAt])).toEqual([
      ["r:a", "sent", 1, null, T0],
      ["r:b", "pending", 0, null, null],
      ["r:c", "pending", 0, null, null],
    ]);
    const lines = raw.map((l) => JSON.parse(l) as Line);
    expect(lines.filter((l) => l.event === "reminder.sent").map((l) => l.cid)).toEqual(["r:a"]);
    expect(lines.filter((l) => l.event === "reminder.released").map((l) => l.cid)).toEqual(["r:b", "r:c"]);
    expect(lines.find((l) => l.event === "reminder.sent")).toMatchObject({
      platform: "slack",
      channel: "C1",
      kind: "milestone",
      attempts: 1,
    });
    expect(raw.join("")).not.toContain("Texte du rappel");

    // Another process takes them now (not after the 2 min lease), and without the doubt of a
    // taken-over item: they were given back, not abandoned.
    const taken: Delivery[] = [];
    const other = new Sender({
      store,
      owner: "autre-processus",
      clock: () => T0,
      deliver: async (d) => void taken.push(d),
    });
    expect(await other.runOnce()).toMatchObject({ sent: 2 });
    expect(taken.map((d) => [d.key, d.uncertain])).toEqual([
      ["r:b", false],
      ["r:c", false],
    ]);
  });
});
