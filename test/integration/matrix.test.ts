import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { createMatrixAdapter } from "../../src/app-matrix.ts";
import { createReminderRuntime } from "../../src/app-reminders.ts";
import { type MatrixAdapter, transactionIdFor } from "../../src/chat/matrix/matrix-adapter.ts";
import { loadConfig } from "../../src/config/config.ts";
import { RateLimited } from "../../src/core/delivery.ts";
import { startedBy } from "../../src/core/inbound/chat-port.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeHomeserver, type MatrixEvent, startFakeHomeserver } from "../helpers/fake-matrix/index.ts";
import { addAgenPerson } from "../helpers/people.ts";

/** Wednesday 13 March 2024, 10:00 in Paris: "hier" is the 12th. */
const NOW = new Date("2024-03-13T09:00:00Z");
const COORDINATOR = "@coordinatrice:fake.test";
const REFERENT = "@referente:fake.test";
const STRANGER = "@passant:fake.test";
const OUTSIDER = "@inconnu:ailleurs.test";

describe("Matrix: the real matrix-bot-sdk client against a fake homeserver", () => {
  let testDb: TestDatabase;
  let dir: string;
  let hs: FakeHomeserver;
  let app: App;
  let adapter: MatrixAdapter;
  let room: string;
  /** The homeserver's clock (origin_server_ts) and the bot's, moved together by the tests. */
  let serverNow = NOW.getTime();
  let now = NOW;
  const slept: number[] = [];
  const internalErrors: unknown[] = [];
  const workspaceDir = () => path.join(dir, "espace");
  let config: ReturnType<typeof loadConfig>;

  const newAdapter = (startedAt: Date) => {
    const created = createMatrixAdapter(config, app, {
      clock: () => now,
      onInternalError: (error) => internalErrors.push(error),
      overrides: {
        startedAt,
        syncTimeoutMs: 200,
        queue: { sleep: async (ms) => void slept.push(ms), now: () => 0 },
      },
    });
    if (created === null) throw new Error("Matrix not configured");
    return created;
  };

  /** Sends as `userId` and waits for the bot's answer in that room. */
  async function ask(userId: string, content: Record<string, unknown>, roomId = room): Promise<MatrixEvent> {
    const answer = hs.nextSent({ by: hs.botUserId, roomId });
    hs.sendAs(userId, roomId, content, { ts: serverNow });
    return answer;
  }
  const say = (userId: string, body: string, roomId = room) =>
    ask(userId, { msgtype: "m.text", body }, roomId);
  const bodyOf = (event: MatrixEvent) => String(event.content.body ?? "");

  const addPerson = (key: string, role: "coordinateur" | "referent_technique", externalId: string) =>
    addAgenPerson(app, { key, role, platform: "matrix", externalId });

  beforeAll(async () => {
    testDb = await createPgliteDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-matrix-"));
    hs = await startFakeHomeserver({ now: () => serverNow });
    config = loadConfig({
      DATA_DIR: testDb.dataDir,
      WORKSPACE_DIR: workspaceDir(),
      MATRIX_HOMESERVER_URL: hs.url,
      MATRIX_ACCESS_TOKEN: hs.botToken,
    });
    app = await createApp(config, { clock: () => now });
    await addPerson("coordinatrice-test", "coordinateur", COORDINATOR);
    await addPerson("referente-test", "referent_technique", REFERENT);
    room = hs.createRoom({
      creator: COORDINATOR,
      name: "CTG Agen",
      members: [COORDINATOR, REFERENT, STRANGER],
    });
    adapter = newAdapter(new Date(serverNow));
    await adapter.start();
    hs.invite(room, { from: COORDINATOR });
    await waitUntil(() =>
      hs.timeline(room).some((e) => e.type === "m.room.member" && e.sender === hs.botUserId),
    );
  });

  afterAll(async () => {
    await adapter?.stop();
    await hs?.close();
    await app?.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    internalErrors.length = 0;
    serverNow += 60_000;
  });

  /**
   * Waits for a condition that the bot's traffic makes true: until the bot's /sync is held again
   * (it has taken in everything) and its handlers are done — a few rounds, since an answer can
   * itself be news for the next sync. No timer, no wall-clock sleep.
   */
  async function waitUntil(condition: () => boolean): Promise<void> {
    for (let round = 0; round < 5 && !condition(); round += 1) {
      await hs.heldSync();
      await adapter.idle();
    }
    expect(condition()).toBe(true);
  }

  it("joins on an invite from an allowed user, and refuses one from elsewhere", async () => {
    expect(hs.timeline(room).some((e) => e.type === "m.room.member" && e.sender === hs.botUserId)).toBe(true);
    const other = hs.createRoom({ creator: OUTSIDER, members: [OUTSIDER] });
    hs.invite(other, { from: OUTSIDER });
    await waitUntil(() =>
      hs.requests.some(
        (r) => r.method === "POST" && r.path.endsWith(`/rooms/${other}/leave`) && r.status === 200,
      ),
    );
    expect(
      hs
        .timeline(other)
        .some(
          (e) => e.type === "m.room.member" && e.content.membership === "join" && e.sender === hs.botUserId,
        ),
    ).toBe(false);
  });

  it("!ctg commands answer as m.notice with HTML and plain text, in reply; roles decide who configures", async () => {
    const refused = await say(STRANGER, "!ctg territoire agen");
    expect(bodyOf(refused)).toMatch(/coordinat/i);
    const answer = await say(COORDINATOR, "!ctg territoire agen");
    expect(answer.content.msgtype).toBe("m.notice");
    expect(answer.content.format).toBe("org.matrix.custom.html");
    expect(String(answer.content.formatted_body)).toContain("Agen");
    expect(bodyOf(answer)).toContain("Agen");
    expect(await app.repo.getChannelTerritory("matrix", room)).toBe("agen");
    const relation = answer.content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } };
    const asked = hs
      .timeline(room)
      .filter((e) => e.sender === COORDINATOR && e.type === "m.room.message")
      .at(-1);
    expect(relation["m.in_reply_to"]?.event_id).toBe(asked?.event_id);
  });

  it("a mention is a question; in a thread, the answer stays in the thread", async () => {
    await app.repo.bindChannel("matrix", room, "agen");
    const answer = await say(STRANGER, `${hs.botUserId} qu'est-ce qu'un LAEP ?`);
    expect(bodyOf(answer)).toMatch(/lieu d'accueil enfants/i);
    const root = hs.sendAs(
      STRANGER,
      room,
      { msgtype: "m.text", body: "Préparation du COPIL" },
      { ts: serverNow },
    );
    const inThread = await ask(STRANGER, {
      msgtype: "m.text",
      body: "ctg: qui pilote l'action 11 ?",
      "m.relates_to": { rel_type: "m.thread", event_id: root.event_id, is_falling_back: true },
    });
    const relation = inThread.content["m.relates_to"] as { rel_type?: string; event_id?: string };
    expect(relation.rel_type).toBe("m.thread");
    expect(relation.event_id).toBe(root.event_id);
  });

  it("ignores its own events, notices, other people's chatter and events older than its start", async () => {
    const before = hs.sentBy(hs.botUserId, room).length;
    hs.sendAs(STRANGER, room, { msgtype: "m.notice", body: "!ctg aide" }, { ts: serverNow });
    hs.sendAs(STRANGER, room, { msgtype: "m.text", body: "on se voit au COPIL ?" }, { ts: serverNow });
    hs.sendAs(STRANGER, room, { msgtype: "m.text", body: "!ctg aide" }, { ts: NOW.getTime() - 3600_000 });
    // A question after them: once it is answered, the others have been seen and left alone.
    await say(STRANGER, "!ctg sigle LAEP");
    expect(hs.sentBy(hs.botUserId, room).length).toBe(before + 1);
  });

  it("a file is downloaded through the authenticated media API, filed, answered with a link", async () => {
    await app.repo.bindChannel("matrix", room, "agen");
    const url = hs.uploadMedia({
      bytes: "Relevé des échanges du COPIL",
      fileName: "compte-rendu.txt",
      contentType: "text/plain",
    });
    hs.sendAs(
      REFERENT,
      room,
      {
        msgtype: "m.file",
        body: "CR du COPIL d'hier",
        filename: "compte-rendu.txt",
        url,
        info: { mimetype: "text/plain" },
      },
      { ts: serverNow },
    );
    // A progress notice may come first: wait for the answer proper.
    await waitUntil(() =>
      hs.sentBy(hs.botUserId, room).some((e) => bodyOf(e).includes("Rangé : 03 Instances/COPIL/")),
    );
    const target = path.join(workspaceDir(), "03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.txt");
    expect(await readFile(target, "utf8")).toBe("Relevé des échanges du COPIL");
    const download = hs.requests.find((r) => r.path.includes("/_matrix/client/v1/media/download/"));
    expect(download?.token).toBe(hs.botToken);
    expect(download?.status).toBe(200);
  });

  it("an uncertain document waits in « A classer »; « 2 » or a reaction files it", async () => {
    await app.repo.bindChannel("matrix", room, "agen");
    const url = hs.uploadMedia({ bytes: "%PDF-rien", fileName: "note interne equipe janvier.pdf" });
    hs.sendAs(
      REFERENT,
      room,
      { msgtype: "m.file", body: "note interne equipe janvier.pdf", url },
      { ts: serverNow },
    );
    await waitUntil(() => hs.sentBy(hs.botUserId, room).some((e) => bodyOf(e).includes("A classer/")));
    const question = hs
      .sentBy(hs.botUserId, room)
      .filter((e) => bodyOf(e).includes("A classer/"))
      .at(-1);
    expect(bodyOf(question as MatrixEvent)).toMatch(/\[2\]/);
    const moved = await say(REFERENT, "2");
    expect(bodyOf(moved)).toContain("Déplacé");
    const doc = await app.db.prisma.filedDocument.findFirstOrThrow({
      where: { originalName: "note interne equipe janvier.pdf" },
    });
    expect(doc.path.startsWith("02 Plan d'actions/")).toBe(true);

    const url2 = hs.uploadMedia({ bytes: "%PDF-autre chose", fileName: "divers equipe.pdf" });
    hs.sendAs(REFERENT, room, { msgtype: "m.file", body: "divers equipe.pdf", url: url2 }, { ts: serverNow });
    await waitUntil(() =>
      hs
        .sentBy(hs.botUserId, room)
        .some((e) => bodyOf(e).includes("divers equipe.pdf") && bodyOf(e).includes("[1]")),
    );
    const second = hs
      .sentBy(hs.botUserId, room)
      .filter((e) => bodyOf(e).includes("[1]"))
      .at(-1) as MatrixEvent;
    const answer = hs.nextSent({ by: hs.botUserId, roomId: room });
    hs.sendAs(
      REFERENT,
      room,
      { "m.relates_to": { rel_type: "m.annotation", event_id: second.event_id, key: "3️⃣" } },
      { type: "m.reaction", ts: serverNow },
    );
    expect(bodyOf(await answer)).toContain("Déplacé");
    const other = await app.db.prisma.filedDocument.findFirstOrThrow({
      where: { originalName: "divers equipe.pdf" },
    });
    expect(other.path.startsWith("A classer/")).toBe(false);
  });

  it("a reminder is sent with a transaction id from its key: a retry posts nothing more; « 1 » marks it done", async () => {
    await app.repo.bindChannel("matrix", room, "agen");
    await app.reminders.subscribe({
      territorySlug: "agen",
      platform: "matrix",
      channelId: room,
      kinds: ["milestone", "overdue"],
      createdBy: "test",
    });
    const runtime = createReminderRuntime(
      app,
      (d) => startedBy(adapter, app.pipeline().pipeline).deliver(d),
      () => now,
      {
        horizonMs: 120 * 24 * 3600 * 1000,
        lateToleranceMs: 400 * 24 * 3600 * 1000,
      },
    );
    await runtime.scheduler.tick();
    const saved = now;
    now = new Date(NOW.getTime() + 120 * 24 * 3600 * 1000);
    // One reminder per room per run (the pace of a room): run until the outbox is drained.
    const report = { sent: 0 };
    for (let run = 0; run < 100; run += 1) {
      const once = await runtime.sender.runOnce();
      report.sent += once.sent;
      if (once.sent + once.deferred + once.retried === 0) break;
      now = new Date(now.getTime() + 2000);
    }
    now = saved;
    expect(report.sent).toBeGreaterThan(1);
    expect(
      await app.db.prisma.outboxItem.count({ where: { channelId: room, status: { not: "sent" } } }),
    ).toBe(0);
    const puts = hs.requests.filter(
      (r) => r.method === "PUT" && r.path.includes("/send/m.room.message/ctg-"),
    );
    expect(puts.length).toBe(report.sent);
    const REF = /rappel fait (\d[\w.]*@\d{4}-\d{2}-\d{2})/;
    const reminder = hs
      .sentBy(hs.botUserId, room)
      .filter((e) => REF.test(bodyOf(e)))
      .at(-1) as MatrixEvent;
    expect(reminder).toBeDefined();
    // The same delivery again (a process stopped before recording it): the same event, not a second.
    const item = await app.db.prisma.outboxItem.findFirstOrThrow({
      where: { channelId: room, status: "sent" },
    });
    const count = hs.sentBy(hs.botUserId, room).length;
    await adapter.deliver({
      key: item.key,
      platform: "matrix",
      channelId: room,
      text: "",
      reply: { blocks: [{ type: "text", text: "Rappel" }] },
      uncertain: true,
    });
    expect(hs.sentBy(hs.botUserId, room).length).toBe(count);
    expect(puts.some((r) => r.path.endsWith(transactionIdFor(item.key)))).toBe(true);

    const ref = REF.exec(bodyOf(reminder))?.[1] ?? "";
    const [number, start] = ref.split("@");
    const action = await app.db.prisma.action.findFirstOrThrow({
      where: { number, territory: { slug: "agen" } },
    });
    const person = await app.db.prisma.person.findFirstOrThrow({ where: { key: "referente-test" } });
    await app.db.prisma.personRole.create({
      data: { personId: person.id, role: "pilote", actionId: action.id },
    });
    // The last message with choices in the room is the one "1" answers: post the reminder again last.
    await adapter.deliver({
      key: `${item.key}:encore`,
      platform: "matrix",
      channelId: room,
      text: "",
      reply: {
        blocks: [
          {
            type: "choices",
            prompt: "Où en est cette échéance ?",
            choices: [{ label: "C'est fait", command: `rappel fait ${ref}` }],
          },
        ],
      },
      uncertain: false,
    });
    const done = await say(REFERENT, "1");
    expect(bodyOf(done)).toMatch(/noté/);
    const milestone = await app.db.prisma.milestone.findFirstOrThrow({
      where: { actionId: action.id, start: new Date(`${start}T00:00:00Z`) },
    });
    expect(milestone.done).toBe(true);
  });

  it("M_LIMIT_EXCEEDED: a reminder hands it back to the sender; an answer waits retry_after_ms and is sent once", async () => {
    hs.rateLimit({ pathPattern: /\/send\/m\.room\.message\//, times: 1, retryAfterMs: 7000 });
    const refused = await adapter
      .deliver({
        key: "test:429",
        platform: "matrix",
        channelId: room,
        text: "",
        reply: { blocks: [{ type: "text", text: "Rappel" }] },
        uncertain: false,
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimited);
    expect((refused as RateLimited).retryAfterMs).toBe(7000);
    hs.rateLimit({ pathPattern: /\/send\/m\.room\.message\//, times: 1, retryAfterMs: 5000 });
    slept.length = 0;
    const before = hs.sentBy(hs.botUserId, room).length;
    await say(STRANGER, "!ctg sigle RPE");
    expect(slept).toContain(5000);
    expect(hs.sentBy(hs.botUserId, room).length).toBe(before + 1);
  });

  it("says once, in French, that it cannot read an encrypted room", async () => {
    const secret = hs.createRoom({ creator: COORDINATOR, encrypted: true, members: [COORDINATOR] });
    hs.invite(secret, { from: COORDINATOR });
    await waitUntil(() =>
      hs.timeline(secret).some((e) => e.type === "m.room.member" && e.sender === hs.botUserId),
    );
    const warning = hs.nextSent({ by: hs.botUserId, roomId: secret });
    hs.sendAs(
      COORDINATOR,
      secret,
      { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgA…" },
      { type: "m.room.encrypted", ts: serverNow },
    );
    expect(bodyOf(await warning)).toContain("chiffré de bout en bout");
    hs.sendAs(
      COORDINATOR,
      secret,
      { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgB…" },
      { type: "m.room.encrypted", ts: serverNow },
    );
    await say(COORDINATOR, "!ctg aide");
    expect(hs.sentBy(hs.botUserId, secret).filter((e) => bodyOf(e).includes("chiffré")).length).toBe(1);
  });

  it("a direct chat that someone else joins is a group: plain messages there are no longer questions", async () => {
    const direct = hs.createRoom({ creator: COORDINATOR, members: [COORDINATOR], isDirect: true });
    hs.invite(direct, { from: COORDINATOR, isDirect: true });
    await waitUntil(() =>
      hs.timeline(direct).some((e) => e.type === "m.room.member" && e.sender === hs.botUserId),
    );
    serverNow += 1000;
    // Two members: a direct chat, where a plain message is a question (here: which territory?).
    expect(bodyOf(await say(COORDINATOR, "qu'est-ce qu'un LAEP ?", direct))).toContain("territoire");
    hs.join(direct, REFERENT);
    await app.repo.bindChannel("matrix", direct, "agen");
    serverNow += 1000;
    const before = hs.sentBy(hs.botUserId, direct).length;
    hs.sendAs(REFERENT, direct, { msgtype: "m.text", body: "qu'est-ce qu'un RPE ?" }, { ts: serverNow });
    // A command after it: once it is answered, the plain message has been seen and left alone.
    await say(COORDINATOR, "!ctg sigle RPE", direct);
    for (let round = 0; round < 3; round += 1) {
      await hs.heldSync();
      await adapter.idle();
    }
    expect(hs.sentBy(hs.botUserId, direct).length).toBe(before + 1);
  });

  it("joining a room does not answer what was said there before (its history comes with the join)", async () => {
    const other = hs.createRoom({ creator: COORDINATOR, members: [COORDINATOR] });
    await app.repo.bindChannel("matrix", other, "agen");
    hs.sendAs(COORDINATOR, other, { msgtype: "m.text", body: "!ctg aide" }, { ts: serverNow });
    serverNow += 1000;
    hs.invite(other, { from: COORDINATOR });
    await waitUntil(() =>
      hs.timeline(other).some((e) => e.type === "m.room.member" && e.sender === hs.botUserId),
    );
    serverNow += 1000;
    const answer = await say(COORDINATOR, "!ctg sigle RPE", other);
    expect(bodyOf(answer)).toMatch(/relais petite enfance/i);
    expect(hs.sentBy(hs.botUserId, other)).toHaveLength(1);
  });

  it("after a restart, commands sent before it are not answered; two bots on one database answer once", async () => {
    await adapter.stop();
    hs.sendAs(STRANGER, room, { msgtype: "m.text", body: "!ctg aide" }, { ts: serverNow });
    serverNow += 1000;
    const first = newAdapter(new Date(serverNow));
    const second = newAdapter(new Date(serverNow));
    adapter = first;
    await first.start();
    await second.start();
    try {
      const before = hs.sentBy(hs.botUserId, room).length;
      serverNow += 1000;
      await say(STRANGER, "!ctg sigle CAF");
      await first.idle();
      await second.idle();
      expect(hs.sentBy(hs.botUserId, room).length).toBe(before + 1);
    } finally {
      await second.stop();
    }
  });
});
