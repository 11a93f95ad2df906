import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { createReminderRuntime } from "../../src/app-reminders.ts";
import { createSlackAdapter } from "../../src/app-slack.ts";
import { REMINDER_EVENT_TYPE, type SlackAdapter } from "../../src/chat/slack/slack-adapter.ts";
import { loadConfig } from "../../src/config/config.ts";
import { RateLimited } from "../../src/core/delivery.ts";
import { startedBy } from "../../src/core/inbound/chat-port.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeMessage, type FakeSlack, startFakeSlack } from "../helpers/fake-slack/index.ts";
import { addAgenPerson } from "../helpers/people.ts";
import {
  appMentionEvent,
  blockActionsPayload,
  eventCallback,
  messageEvent,
  sendToSlackApp,
  slashCommandBody,
  urlVerificationBody,
} from "../helpers/slack-requests.ts";

/** Wednesday 13 March 2024, 10:00 in Paris: "hier" is the 12th. */
const NOW = new Date("2024-03-13T09:00:00Z");
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const CHANNEL = "C0AGEN";
const COORDINATOR = "U0COORD";
const REFERENT = "U0REF";
const STRANGER = "U0STRANGER";

type Block = { type: string; elements?: { type: string; action_id: string; value?: string }[] };

describe("Slack: the real Bolt app on loopback, a fake Slack Web API behind it", () => {
  let testDb: TestDatabase;
  let dir: string;
  let fake: FakeSlack;
  let app: App;
  let adapter: SlackAdapter;
  let url: string;
  let now = NOW;
  const slept: number[] = [];
  const internalErrors: unknown[] = [];
  let eventCount = 0;
  let ts = 1_710_320_000;

  const nextTs = () => {
    ts += 1;
    return `${ts}.000100`;
  };
  const send = (
    body: string | Record<string, unknown>,
    options: Partial<Parameters<typeof sendToSlackApp>[2]> = {},
  ) => sendToSlackApp(url, body, { secret: SECRET, ...options });
  const command = async (text: string, userId = COORDINATOR) => {
    const responseUrl = fake.responseUrl({ channel: CHANNEL, userId });
    const sent = await send(
      slashCommandBody({ text, channelId: CHANNEL, userId, teamId: fake.teamId, responseUrl }),
      { kind: "form" },
    );
    await adapter.idle();
    return { sent, response: fake.responses(responseUrl.split("/").at(-1)).at(-1) };
  };
  const event = async (
    payload: Record<string, unknown>,
    options: { eventId?: string; retryNum?: number } = {},
  ) => {
    eventCount += 1;
    const sent = await send(
      eventCallback(payload, {
        eventId: options.eventId ?? `Ev${String(eventCount).padStart(8, "0")}`,
        teamId: fake.teamId,
        apiAppId: fake.appId,
      }),
      { ...(options.retryNum !== undefined ? { retryNum: options.retryNum } : {}) },
    );
    await adapter.idle();
    return sent;
  };
  const textOf = (body: Record<string, unknown> | undefined) => String(body?.text ?? "");
  const botMessages = (): FakeMessage[] =>
    fake.messages(CHANNEL).filter((m) => m.botId !== null && !m.deleted);
  const workspaceDir = () => path.join(dir, "espace");

  const addPerson = (key: string, role: "coordinateur" | "referent_technique", externalId: string) =>
    addAgenPerson(app, { key, role, platform: "slack", externalId });

  beforeAll(async () => {
    testDb = await createPgliteDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-slack-"));
    fake = await startFakeSlack();
    const config = loadConfig({
      DATA_DIR: testDb.dataDir,
      WORKSPACE_DIR: workspaceDir(),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_PORT: "0",
    });
    app = await createApp(config, { clock: () => now });
    const created = createSlackAdapter(config, app, {
      clock: () => now,
      onInternalError: (error) => internalErrors.push(error),
      overrides: {
        host: "127.0.0.1",
        // The per-channel queue's waits advance a counter, never the wall clock.
        queue: { sleep: async (ms) => void slept.push(ms), now: () => 0 },
      },
    });
    if (created === null) throw new Error("Slack not configured");
    adapter = created;
    const { port } = await adapter.start();
    url = `http://127.0.0.1:${port}/slack/events`;
    await addPerson("coordinatrice-test", "coordinateur", COORDINATOR);
    await addPerson("referente-test", "referent_technique", REFERENT);
    await app.repo.bindChannel("slack", CHANNEL, "agen");
  });

  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    await fake?.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    now = NOW;
    internalErrors.length = 0;
  });

  it("answers Slack's URL verification with the challenge", async () => {
    const sent = await send(urlVerificationBody("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
    expect(sent.status).toBe(200);
    expect(sent.text).toContain("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  });

  it("refuses a bad signature, a timestamp older than 5 minutes and a tampered body, and runs nothing", async () => {
    const before = fake.calls.length;
    const body = slashCommandBody({
      text: "aide",
      channelId: CHANNEL,
      userId: COORDINATOR,
      teamId: fake.teamId,
      responseUrl: fake.responseUrl(),
    });
    const wrongSecret = await sendToSlackApp(url, body, { secret: "not-the-secret", kind: "form" });
    const old = await send(body, { kind: "form", timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 });
    const tampered = await send(body, { kind: "form", tamper: true });
    await adapter.idle();
    expect([wrongSecret.status, old.status, tampered.status]).toEqual([401, 401, 401]);
    expect(fake.calls.length).toBe(before);
    expect(fake.responses()).toEqual([]);
  });

  it("refuses to start without a signing secret", () => {
    expect(() =>
      loadConfig({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: " ", SLACK_API_URL: fake.apiUrl }),
    ).toThrow(/SLACK_SIGNING_SECRET est requis/);
    const config = loadConfig({ SLACK_API_URL: fake.apiUrl });
    expect(() =>
      createSlackAdapter({ ...config, SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: "" }, app, {
        clock: () => now,
        onInternalError: () => {},
      }),
    ).toThrow("SLACK_SIGNING_SECRET est vide");
  });

  it("/ctg is acknowledged at once, then answered ephemerally with a share button; sharing posts it in the channel", async () => {
    await app.db.prisma.channelBinding.deleteMany({ where: { platform: "slack", channelId: CHANNEL } });
    const { sent, response } = await command("territoire agen");
    expect(sent.status).toBe(200);
    expect(response?.body.response_type).toBe("ephemeral");
    expect(textOf(response?.body)).toContain("Agen");
    expect(await app.repo.getChannelTerritory("slack", CHANNEL)).toBe("agen");

    const action = await command("action 11", STRANGER);
    const blocks = action.response?.body.blocks as Block[];
    expect(textOf(action.response?.body)).toContain("11");
    const share = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === "ctg_share");
    expect(share?.value).toBe("action 11");

    const clickUrl = fake.responseUrl({ channel: CHANNEL, userId: STRANGER });
    await send(
      blockActionsPayload({
        actionId: "ctg_share",
        value: "action 11",
        userId: STRANGER,
        channelId: CHANNEL,
        messageTs: nextTs(),
        responseUrl: clickUrl,
        teamId: fake.teamId,
        apiAppId: fake.appId,
        isEphemeral: true,
      }),
      { kind: "interactive" },
    );
    await adapter.idle();
    const posted = fake.callsTo("chat.postMessage").at(-1);
    expect(posted?.args.channel).toBe(CHANNEL);
    expect(String(posted?.args.text)).toContain("11");
    expect(fake.responses(clickUrl.split("/").at(-1)).at(-1)?.body.delete_original).toBe(true);
  });

  it("a person without the role is told so; configuring is for the coordinators", async () => {
    const { response } = await command("territoire agen", STRANGER);
    expect(textOf(response?.body)).toMatch(/coordinat/i);
    const filed = await command("rappels ici", STRANGER);
    expect(textOf(filed.response?.body)).toMatch(/coordinat/i);
  });

  it("a mention is a question, answered in its thread with the source; a replayed event is not answered twice", async () => {
    const mentionTs = nextTs();
    const mention = appMentionEvent({
      text: `<@${fake.botUserId}> qu'est-ce qu'un LAEP ?`,
      userId: STRANGER,
      channelId: CHANNEL,
      ts: mentionTs,
      botUserId: fake.botUserId,
    });
    const before = fake.callsTo("chat.postMessage").length;
    expect((await event(mention, { eventId: "Ev0REPLAY1" })).status).toBe(200);
    const answer = fake.callsTo("chat.postMessage").at(-1);
    expect(answer?.args.thread_ts).toBe(mentionTs);
    expect(String(answer?.args.text)).toMatch(/lieu d'accueil enfants/i);
    expect(String(answer?.args.text)).toMatch(/Source/);
    // Slack retries when it thinks the first delivery failed: same event_id, X-Slack-Retry-Num.
    expect((await event(mention, { eventId: "Ev0REPLAY1", retryNum: 1 })).status).toBe(200);
    expect((await event(mention, { eventId: "Ev0REPLAY1", retryNum: 2 })).status).toBe(200);
    expect(fake.callsTo("chat.postMessage").length).toBe(before + 1);
  });

  it("a direct message is a question too", async () => {
    const dm = "D0DIRECT";
    const messageTs = nextTs();
    await event(
      messageEvent({
        text: "qui pilote l'action 11 ?",
        userId: STRANGER,
        channelId: dm,
        ts: messageTs,
        channelType: "im",
      }),
    );
    const answer = fake.callsTo("chat.postMessage").at(-1);
    expect(answer?.args.channel).toBe(dm);
    expect(answer?.args.thread_ts).toBe(messageTs);
    expect(String(answer?.args.text).length).toBeGreaterThan(20);
  });

  it("a file posted in the bound channel is downloaded with the bot token, filed, answered with a link; a double delivery files it once", async () => {
    const file = fake.addFile({
      name: "compte-rendu.txt",
      content: "Relevé des échanges du COPIL",
      user: REFERENT,
    });
    const messageTs = nextTs();
    const posted = messageEvent({
      text: "CR du COPIL d'hier",
      userId: REFERENT,
      channelId: CHANNEL,
      ts: messageTs,
      channelType: "channel",
      files: [file],
    });
    await event(posted, { eventId: "Ev0FILE001" });
    await event(posted, { eventId: "Ev0FILE001", retryNum: 1 });
    expect(fake.downloads.filter((d) => d.fileId === file.id)).toEqual([
      { fileId: file.id, authorized: true },
    ]);
    const target = path.join(workspaceDir(), "03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.txt");
    expect(await readFile(target, "utf8")).toBe("Relevé des échanges du COPIL");
    const answer = fake.callsTo("chat.postMessage").at(-1);
    expect(answer?.args.thread_ts).toBe(messageTs);
    expect(String(answer?.args.text)).toContain(
      "Rangé : 03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.txt",
    );
    expect(await app.db.prisma.filedDocument.count({ where: { messageId: messageTs } })).toBe(1);
  });

  it("the upload's progress is one message in the thread, closed once the file is filed", async () => {
    const content = Buffer.alloc(3 * 1024 * 1024, "relevé ");
    const file = fake.addFile({ name: "compte rendu cotech.txt", content, user: REFERENT });
    const messageTs = nextTs();
    await event(
      messageEvent({
        text: "CR du COTECH d'hier",
        userId: REFERENT,
        channelId: CHANNEL,
        ts: messageTs,
        channelType: "channel",
        files: [file],
      }),
    );
    const progress = fake
      .messages(CHANNEL)
      .find((m) => m.threadTs === messageTs && m.text.startsWith("Envoi de « compte rendu cotech.txt »"));
    // Posted with its percentage, then edited in place (core/inbound/progress.ts) to say it is over.
    const first = fake
      .callsTo("chat.postMessage")
      .find((c) => String(c.args.text).startsWith("Envoi de « compte rendu cotech.txt »"));
    expect(String(first?.args.text)).toMatch(/ \d+ % \(\d+ Mo sur 3 Mo\)/);
    expect(progress?.text).toBe("Envoi de « compte rendu cotech.txt » vers l'espace collaboratif : terminé.");
    expect(progress?.edits).toBeGreaterThanOrEqual(1);
    expect(fake.callsTo("chat.delete")).toHaveLength(0);
    expect(String(fake.callsTo("chat.postMessage").at(-1)?.args.text)).toContain(
      "Rangé : 03 Instances/COTECH/",
    );
  });

  it("« @ctg ranger » in a thread looks at the thread's first message (here without a file: nothing to file)", async () => {
    const root = fake.addMessage(CHANNEL, { userId: REFERENT, text: "Le CR du COPIL suit" });
    await event(
      appMentionEvent({
        text: `<@${fake.botUserId}> ranger CR du COPIL`,
        userId: REFERENT,
        channelId: CHANNEL,
        ts: nextTs(),
        threadTs: root.ts,
        botUserId: fake.botUserId,
      }),
    );
    expect(fake.callsTo("conversations.replies").at(-1)?.args.ts).toBe(root.ts);
    const answer = fake.callsTo("chat.postMessage").at(-1);
    expect(answer?.args.thread_ts).toBe(root.ts);
    expect(String(answer?.args.text)).toContain("n'a pas de fichier");
  });

  it("a file in a channel bound to no territory is left alone; one from a person without the role is refused, nothing filed", async () => {
    const before = fake.calls.length;
    const file = fake.addFile({ name: "photo.txt", content: "rien", user: STRANGER });
    await event(
      messageEvent({
        text: "",
        userId: STRANGER,
        channelId: "C0OTHER",
        ts: nextTs(),
        channelType: "channel",
        files: [file],
      }),
    );
    expect(fake.calls.length).toBe(before);
    const other = fake.addFile({ name: "cr.txt", content: "CR", user: STRANGER });
    await event(
      messageEvent({
        text: "CR du COPIL",
        userId: STRANGER,
        channelId: CHANNEL,
        ts: nextTs(),
        channelType: "channel",
        files: [other],
      }),
    );
    expect(String(fake.callsTo("chat.postMessage").at(-1)?.args.text)).toMatch(/réservée aux référents/);
    expect(fake.downloads.some((d) => d.fileId === other.id)).toBe(false);
  });

  it("an uncertain document waits in « A classer » with buttons; a click files it and replaces the buttons", async () => {
    const file = fake.addFile({
      name: "note interne equipe janvier.pdf",
      content: "%PDF-rien",
      user: REFERENT,
    });
    const messageTs = nextTs();
    await event(
      messageEvent({
        text: "",
        userId: REFERENT,
        channelId: CHANNEL,
        ts: messageTs,
        channelType: "channel",
        files: [file],
      }),
    );
    const question = botMessages().at(-1);
    expect(question?.threadTs).toBe(messageTs);
    expect(question?.text).toContain("A classer/");
    const buttons = ((question?.blocks ?? []) as Block[])
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.type === "button");
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    // The first choice leaves it where it is; the second is the engine's best guess.
    expect(buttons[0]?.value).toMatch(/ 1$/);
    const chosen = buttons[1];
    if (chosen === undefined || question === undefined) throw new Error("no choice offered");
    const click = blockActionsPayload({
      actionId: chosen.action_id,
      value: chosen.value ?? "",
      userId: REFERENT,
      channelId: CHANNEL,
      messageTs: question.ts,
      threadTs: messageTs,
      responseUrl: fake.responseUrl(),
      teamId: fake.teamId,
      apiAppId: fake.appId,
      messageText: question.text,
      messageBlocks: question.blocks ?? [],
    });
    await send(click, { kind: "interactive" });
    await send(click, { kind: "interactive" }); // a double click runs it once
    await adapter.idle();
    const updated = fake.messages(CHANNEL).find((m) => m.ts === question.ts);
    expect(updated?.edits).toBe(1);
    expect(JSON.stringify(updated?.blocks)).toContain(`Choix de <@${REFERENT}>`);
    expect(((updated?.blocks ?? []) as Block[]).some((b) => b.type === "actions")).toBe(false);
    const moved = fake.callsTo("chat.postMessage").at(-1);
    expect(String(moved?.args.text)).toContain("Déplacé");
    expect(moved?.args.thread_ts).toBe(messageTs);
    const doc = await app.db.prisma.filedDocument.findFirstOrThrow({ where: { messageId: messageTs } });
    expect(doc.status).toBe("filed");
    expect(doc.path.startsWith("02 Plan d'actions/")).toBe(true);
    const files = await readdir(path.join(workspaceDir(), path.dirname(doc.path)));
    expect(files).toContain(path.basename(doc.path));
  });

  it("reminders are posted with their key in the metadata; « C'est fait » marks the milestone done", async () => {
    await command("rappels ici échéances");
    expect(await app.db.prisma.subscription.count({ where: { platform: "slack", channelId: CHANNEL } })).toBe(
      1,
    );
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
    now = new Date(NOW.getTime() + 120 * 24 * 3600 * 1000);
    const report = await runtime.sender.runOnce();
    expect(report.sent).toBeGreaterThan(0);
    const reminders = botMessages().filter((m) => m.metadata?.event_type === REMINDER_EVENT_TYPE);
    expect(reminders.length).toBe(report.sent);
    const reminder = reminders.find((m) => JSON.stringify(m.blocks).includes("rappel fait"));
    if (reminder === undefined) throw new Error("no milestone reminder with its buttons");
    const done = ((reminder.blocks ?? []) as Block[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.value?.startsWith("rappel fait"));
    expect(JSON.stringify(reminder.blocks)).toContain('"type":"datepicker"');
    const ref = done?.value?.replace("rappel fait ", "") ?? "";
    const [number, start] = ref.split("@");
    const click = (userId: string) =>
      blockActionsPayload({
        actionId: done?.action_id ?? "",
        value: done?.value ?? "",
        userId,
        channelId: CHANNEL,
        messageTs: reminder.ts,
        responseUrl: fake.responseUrl(),
        teamId: fake.teamId,
        apiAppId: fake.appId,
        messageText: reminder.text,
        messageBlocks: reminder.blocks ?? [],
      });
    // A référent who does not pilot this action may not answer for it; its pilot may.
    await addPerson("autre-referente", "referent_technique", "U0REF2");
    await send(click("U0REF2"), { kind: "interactive" });
    await adapter.idle();
    expect(String(fake.callsTo("chat.postMessage").at(-1)?.args.text)).toContain(
      `Seuls les pilotes de l'action ${number}`,
    );
    const action = await app.db.prisma.action.findFirstOrThrow({
      where: { number, territory: { slug: "agen" } },
    });
    const person = await app.db.prisma.person.findFirstOrThrow({ where: { key: "referente-test" } });
    await app.db.prisma.personRole.create({
      data: { personId: person.id, role: "pilote", actionId: action.id },
    });
    await send(
      blockActionsPayload({
        actionId: done?.action_id ?? "",
        value: done?.value ?? "",
        userId: REFERENT,
        channelId: CHANNEL,
        messageTs: reminder.ts,
        responseUrl: fake.responseUrl(),
        teamId: fake.teamId,
        apiAppId: fake.appId,
        messageText: reminder.text,
        messageBlocks: reminder.blocks ?? [],
      }),
      { kind: "interactive" },
    );
    await adapter.idle();
    const answer = fake.callsTo("chat.postMessage").at(-1);
    expect(answer?.args.thread_ts).toBe(reminder.ts);
    expect(String(answer?.args.text)).toMatch(/noté|fait/i);
    const milestone = await app.db.prisma.milestone.findFirstOrThrow({
      where: { action: { number, territory: { slug: "agen" } }, start: new Date(`${start}T00:00:00Z`) },
    });
    expect(milestone.done).toBe(true);
  });

  it("an uncertain delivery looks in the channel first and does not post a reminder twice", async () => {
    const delivery = {
      key: "test:uncertain:1",
      platform: "slack",
      channelId: CHANNEL,
      text: "Rappel",
      reply: { blocks: [{ type: "text" as const, text: "Rappel de test" }] },
      uncertain: false,
    };
    await adapter.deliver(delivery);
    const posts = fake.callsTo("chat.postMessage").length;
    await adapter.deliver({ ...delivery, uncertain: true });
    expect(fake.callsTo("chat.postMessage").length).toBe(posts);
    expect(fake.callsTo("conversations.history").at(-1)?.args.include_all_metadata).toBeTruthy();
    await adapter.deliver({ ...delivery, key: "test:uncertain:2", uncertain: true });
    expect(fake.callsTo("chat.postMessage").length).toBe(posts + 1);
  });

  it("a 429 with Retry-After: a reminder hands it back to the sender; an answer waits and is posted once", async () => {
    fake.rateLimit("chat.postMessage", { times: 1, retryAfterSeconds: 30 });
    const delivery = {
      key: "test:429:1",
      platform: "slack",
      channelId: CHANNEL,
      text: "Rappel",
      reply: { blocks: [{ type: "text" as const, text: "Rappel limité" }] },
      uncertain: false,
    };
    const refused = await adapter.deliver(delivery).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimited);
    expect((refused as RateLimited).retryAfterMs).toBe(30_000);

    fake.rateLimit("chat.postMessage", { times: 1, retryAfterSeconds: 20 });
    slept.length = 0;
    const before = botMessages().length;
    await event(
      appMentionEvent({
        text: `<@${fake.botUserId}> aide`,
        userId: STRANGER,
        channelId: CHANNEL,
        ts: nextTs(),
        botUserId: fake.botUserId,
      }),
    );
    expect(slept).toContain(20_000);
    expect(botMessages().length).toBe(before + 1);
    expect(fake.callsTo("chat.postMessage").filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(2);
    expect(internalErrors).toEqual([]);
  });
});
