import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Occurrence } from "../../src/core/reminders/occurrence.ts";
import { reply, text } from "../../src/core/reply.ts";
import { OutboxStore } from "../../src/store/outbox-store.ts";
import { createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack/index.ts";
import { addAgenPerson } from "../helpers/people.ts";
import { freePort } from "../helpers/ports.ts";
import { eventCallback, messageEvent, sendToSlackApp } from "../helpers/slack-requests.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/ctg-bot.js");
const SECRET = "scale-out-signing-secret";
const FILES_CHANNEL = "C0DOCUMENTS";
const REFERENT = "U0REFERENTE";
const REMINDERS = 40;

interface LogLine {
  level: string;
  event?: string;
  cid?: string;
  [field: string]: unknown;
}

/** One `ctg-bot start` process: its JSON log lines, its ports, how it ended. */
interface Bot {
  name: string;
  child: ChildProcessWithoutNullStreams;
  slackPort: number;
  opsPort: number;
  lines: LogLine[];
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  stderr: () => string;
}

async function startBot(name: string, env: Record<string, string>): Promise<Bot> {
  const [slackPort, opsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [BIN, "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      SLACK_PORT: String(slackPort),
      OPS_PORT: String(opsPort),
      LOG_LEVEL: "info",
    },
  });
  const lines: LogLine[] = [];
  let buffered = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    buffered += chunk;
    const complete = buffered.split("\n");
    buffered = complete.pop() ?? "";
    for (const line of complete) if (line.trim() !== "") lines.push(JSON.parse(line) as LogLine);
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  // Ready once it logs so: every platform connected, reminders and /readyz running.
  while (!lines.some((l) => l.event === "started")) {
    await Promise.race([
      once(child.stdout, "data"),
      exited.then(() => Promise.reject(new Error(`${name} ended before it started:\n${stderr}`))),
    ]);
  }
  return { name, child, slackPort, opsPort, lines, exited, stderr: () => stderr };
}

/** Until `bot` has logged what `enough` waits for (each new output is looked at; no timer). */
async function logged(bot: Bot, enough: (lines: LogLine[]) => boolean): Promise<void> {
  while (!enough(bot.lines)) {
    await Promise.race([
      once(bot.child.stdout, "data"),
      bot.exited.then(() => Promise.reject(new Error(`${bot.name} ended:\n${bot.stderr()}`))),
    ]);
  }
}

/**
 * Scale-out as documented: two replicas on one PostgreSQL, each with its own HTTP endpoints,
 * sharing the outbox. One is stopped (SIGTERM) while it posts reminders and files a document:
 * nothing is lost, nothing is done twice.
 */
describe("two bot processes on PostgreSQL behind their HTTP endpoints", () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let dir: string;
  const bots: Bot[] = [];

  beforeAll(async () => {
    db = await createPostgresDatabase();
    fake = await startFakeSlack();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-scale-"));
    // The database as an administrator leaves it: migrated, demo territories, a channel bound,
    // a référente who posts documents.
    const setup = await createApp(
      loadConfig({
        DATABASE_URL: db.url,
        DATA_DIR: path.join(dir, "setup"),
        WORKSPACE_DIR: path.join(dir, "espace"),
      }),
      { clock: () => new Date() },
    );
    try {
      await setup.repo.bindChannel("slack", FILES_CHANNEL, "agen");
      await addAgenPerson(setup, {
        key: "referente",
        role: "referent_technique",
        platform: "slack",
        externalId: REFERENT,
      });
    } finally {
      await setup.close();
    }
  });

  afterAll(async () => {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await fake?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("both are ready and scraped; SIGTERM during a reminder round and a filing loses and repeats nothing", async () => {
    const env = (name: string) => ({
      DATABASE_URL: db.url ?? "",
      DATA_DIR: path.join(dir, name),
      // A shared workspace, as Nextcloud is for every replica.
      WORKSPACE_DIR: path.join(dir, "espace"),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    bots.push(await startBot("a", env("a")), await startBot("b", env("b")));
    for (const bot of bots) {
      const ready = await fetch(`http://127.0.0.1:${bot.opsPort}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, checks: { database: "ok", slack: "ok" } });
      const metrics = await fetch(`http://127.0.0.1:${bot.opsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain("ctg_outbox_items");
    }

    // Reminders fall due for 40 channels, and the 6th post is held in flight: whichever process
    // holds it is mid-round, with the rest of its batch claimed.
    const heldPost = fake.hold("chat.postMessage", { skip: 5 });
    const prisma = (await import("pg")).default;
    const pg = new prisma.Client({ connectionString: db.url });
    await pg.connect();
    try {
      const setup = await createApp(loadConfig({ DATABASE_URL: db.url, DATA_DIR: path.join(dir, "setup") }), {
        clock: () => new Date(),
      });
      const territory = await setup.db.prisma.territory.findUniqueOrThrow({ where: { slug: "agen" } });
      const due = new Date(Date.now() - 1000);
      const occurrences: Occurrence[] = Array.from({ length: REMINDERS }, (_, i) => ({
        key: `scale:${i}`,
        at: due,
        channel: { platform: "slack", channelId: `C0RAPPEL${String(i).padStart(3, "0")}` },
        kind: "milestone",
        ref: "11",
        text: `Rappel ${i}`,
        reply: reply(text(`Rappel ${i}`)),
        subjectAt: null,
      }));
      await new OutboxStore(setup.db.prisma, { kind: "postgres" }).enqueue(territory.id, occurrences);
      await setup.close();

      const held = await heldPost.reached;
      const heldKey = String((held.metadata as { event_payload: { key: string } }).event_payload.key);
      const owner = await pg.query<{ claimed_by: string }>(
        "SELECT claimed_by FROM outbox_item WHERE key = $1",
        [heldKey],
      );
      const pid = Number(owner.rows[0]?.claimed_by.split(":").at(-1));
      const victim = bots.find((b) => b.child.pid === pid);
      const survivor = bots.find((b) => b !== victim);
      if (victim === undefined || survivor === undefined) throw new Error(`no bot with pid ${pid}`);

      // The same process is filing a document, its download held too.
      const heldDownload = fake.hold("download");
      const file = fake.addFile({
        name: "compte-rendu.txt",
        content: "Relevé des échanges du COPIL",
        user: REFERENT,
      });
      const messageTs = "1763800000.000100";
      const posted = await sendToSlackApp(
        `http://127.0.0.1:${victim.slackPort}/slack/events`,
        eventCallback(
          messageEvent({
            text: "CR du COPIL d'hier",
            userId: REFERENT,
            channelId: FILES_CHANNEL,
            ts: messageTs,
            channelType: "channel",
            files: [file],
          }),
          { eventId: "Ev0SCALE0001", teamId: fake.teamId, apiAppId: fake.appId },
        ),
        { secret: SECRET },
      );
      expect(posted.status).toBe(200);
      await heldDownload.reached;

      // SIGTERM while both are in flight: it stops taking work at once (readiness off)…
      victim.child.kill("SIGTERM");
      let readiness = 200;
      for (let attempt = 0; attempt < 50 && readiness === 200; attempt++) {
        readiness = (await fetch(`http://127.0.0.1:${victim.opsPort}/readyz`)).status;
      }
      expect(readiness).toBe(503);
      expect((await fetch(`http://127.0.0.1:${survivor.opsPort}/readyz`)).status).toBe(200);
      // …and finishes what it holds once the network answers.
      heldDownload.release();
      heldPost.release();
      const [code] = await victim.exited;
      expect(code).toBe(0);
      expect(victim.lines.some((l) => l.event === "stop.timeout")).toBe(false);

      // The survivor posts what the stopped one gave back.
      const keysPosted = () =>
        fake
          .callsTo("chat.postMessage")
          .map(
            (c) => (c.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key,
          )
          .filter((k): k is string => k?.startsWith("scale:") === true);
      while (keysPosted().length < REMINDERS) await fake.nextCall("chat.postMessage");
      const keys = keysPosted();
      // Recorded sent at the end of the survivor's round.
      const sentBy = (bot: Bot) => bot.lines.filter((l) => l.event === "reminder.sent").map((l) => l.cid);
      await logged(survivor, () => sentBy(victim).length + sentBy(survivor).length >= REMINDERS);
      expect(new Set(keys).size).toBe(REMINDERS);
      expect(keys).toHaveLength(REMINDERS);
      const statuses = await pg.query<{ status: string; n: string }>(
        "SELECT status, count(*) AS n FROM outbox_item WHERE key LIKE 'scale:%' GROUP BY status",
      );
      expect(statuses.rows).toEqual([{ status: "sent", n: String(REMINDERS) }]);

      const released = victim.lines.filter((l) => l.event === "reminder.released").map((l) => l.cid);
      const sentByVictim = victim.lines.filter((l) => l.event === "reminder.sent").map((l) => l.cid);
      const sentBySurvivor = survivor.lines.filter((l) => l.event === "reminder.sent").map((l) => l.cid);
      expect(released.length).toBeGreaterThan(0);
      expect(sentByVictim).toContain(heldKey);
      expect([...sentByVictim, ...sentBySurvivor].sort()).toEqual([...keys].sort());
      for (const key of released) expect(sentBySurvivor).toContain(key);
      const survivorMetrics = await (await fetch(`http://127.0.0.1:${survivor.opsPort}/metrics`)).text();
      expect(survivorMetrics).toMatch(
        new RegExp(`ctg_reminders_total\\{event="sent"\\} ${sentBySurvivor.length}\\b`),
      );

      // The document: filed once, answered in its thread, recorded once.
      const docs = await pg.query<{ status: string; path: string }>(
        "SELECT status, path FROM filed_document WHERE message_id = $1",
        [messageTs],
      );
      expect(docs.rows).toEqual([{ status: "filed", path: expect.stringMatching(/^03 Instances\/COPIL\//) }]);
      const filed = path.join(dir, "espace", docs.rows[0]?.path ?? "");
      expect(await readdir(path.dirname(filed))).toEqual([path.basename(filed)]);
      expect(await readFile(filed, "utf8")).toBe("Relevé des échanges du COPIL");
      const answer = fake
        .messages(FILES_CHANNEL)
        .find((m) => m.threadTs === messageTs && m.text.startsWith("Rangé"));
      expect(answer?.text).toContain(docs.rows[0]?.path);
      expect(victim.lines.find((l) => l.event === "filing")).toMatchObject({ outcome: "filed" });
    } finally {
      await pg.end();
    }

    // The survivor stops cleanly too.
    const last = bots.find((b) => b.child.exitCode === null);
    last?.child.kill("SIGTERM");
    expect((await last?.exited)?.[0]).toBe(0);
    for (const bot of bots)
      expect(bot.lines.filter((l) => l.level === "error" || l.level === "fatal")).toEqual([]);
  });
});
