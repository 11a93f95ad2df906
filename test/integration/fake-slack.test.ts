/**
 * The fake Slack against the real clients: @slack/web-api's WebClient for the Web API, plain
 * fetch for HTTP details, and a real Bolt app (HTTPReceiver) for the signed requests the
 * slack-requests helpers build — so both the fake and the helpers are held to what Slack's own
 * libraries accept.
 */
import { createServer, type Server } from "node:http";
import { App, HTTPReceiver, verifySlackRequest } from "@slack/bolt";
import { type Logger, LogLevel, WebClient, type WebClientOptions } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack/index.ts";
import {
  appMentionEvent,
  blockActionsPayload,
  eventCallback,
  messageEvent,
  sendToSlackApp,
  slackSignature,
  slashCommandBody,
  urlVerificationBody,
} from "../helpers/slack-requests.ts";
import { Waiters } from "../helpers/waiters.ts";

const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const CHANNEL = "C0CTGTEST";
const USER = "U0MARIE";

function clientOf(fake: FakeSlack, token = fake.botToken, options: WebClientOptions = {}): WebClient {
  return new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    logger: quiet,
    retryConfig: { retries: 0 },
    ...options,
  });
}

function section(text: string) {
  return { type: "section" as const, text: { type: "mrkdwn" as const, text } };
}

function button(actionId: string, text = "OK", value = "v") {
  return { type: "button" as const, action_id: actionId, text: { type: "plain_text" as const, text }, value };
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP port");
  return address.port;
}

const option = (n: number) => ({ text: { type: "plain_text", text: `Option ${n}` }, value: `o${n}` });

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await fake.close();
});

describe("Web API through the real WebClient", () => {
  it("auth.test tells the bot who it is", async () => {
    const result = await clientOf(fake).auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: fake.teamId,
      user_id: fake.botUserId,
      bot_id: fake.botId,
    });
    expect(fake.callsTo("auth.test")[0]?.token).toBe(fake.botToken);
  });

  it("posts, then reads back the message with its blocks, and metadata only when asked for", async () => {
    const client = clientOf(fake);
    const blocks = [section("*Rappel* : COPIL jeudi")];
    const metadata = { event_type: "ctg_reminder", event_payload: { reminder_id: "r-42" } };
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: "Rappel", blocks, metadata });
    expect(posted).toMatchObject({
      ok: true,
      channel: CHANNEL,
      message: { bot_id: fake.botId, text: "Rappel" },
    });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);

    const plain = await client.conversations.history({ channel: CHANNEL });
    expect(plain.messages?.[0]).toMatchObject({ ts: posted.ts, user: fake.botUserId, blocks });
    expect(plain.messages?.[0]).not.toHaveProperty("metadata");
    const withMetadata = await client.conversations.history({ channel: CHANNEL, include_all_metadata: true });
    expect(withMetadata.messages?.[0]?.metadata).toEqual(metadata);

    expect(fake.messages(CHANNEL)).toEqual([
      expect.objectContaining({ ts: posted.ts, text: "Rappel", blocks, metadata, threadTs: null, edits: 0 }),
    ]);
    expect(fake.callsTo("chat.postMessage")[0]?.args).toMatchObject({ channel: CHANNEL, blocks, metadata });
  });

  it("gives strictly increasing ts from the fake's clock", async () => {
    await fake.close();
    fake = await startFakeSlack({ now: () => 1_700_000_000_000 });
    const client = clientOf(fake);
    const first = await client.chat.postMessage({ channel: CHANNEL, text: "un" });
    const second = await client.chat.postMessage({ channel: CHANNEL, text: "deux" });
    expect([first.ts, second.ts]).toEqual(["1700000000.000000", "1700000000.000001"]);
  });

  it("keeps thread replies out of the history and returns them root first from conversations.replies", async () => {
    const client = clientOf(fake);
    const root = await client.chat.postMessage({ channel: CHANNEL, text: "Question ?" });
    const reply = await client.chat.postMessage({ channel: CHANNEL, text: "Réponse 1", thread_ts: root.ts });
    // a reply's ts stands for its root, as in Slack
    await client.chat.postMessage({ channel: CHANNEL, text: "Réponse 2", thread_ts: reply.ts });

    const history = await client.conversations.history({ channel: CHANNEL });
    expect(history.messages?.map((m) => m.text)).toEqual(["Question ?"]);
    expect(history.messages?.[0]).toMatchObject({ thread_ts: root.ts, reply_count: 2 });
    const thread = await client.conversations.replies({ channel: CHANNEL, ts: root.ts ?? "" });
    expect(thread.messages?.map((m) => m.text)).toEqual(["Question ?", "Réponse 1", "Réponse 2"]);
    expect(thread.messages?.[2]).toMatchObject({ thread_ts: root.ts, parent_user_id: fake.botUserId });
    expect(fake.messages(CHANNEL).map((m) => m.threadTs)).toEqual([null, root.ts, root.ts]);
    await expect(client.conversations.replies({ channel: CHANNEL, ts: "1.000001" })).rejects.toMatchObject({
      data: { error: "thread_not_found" },
    });
  });

  it("pages the history newest first with has_more and a cursor, and filters on oldest/latest", async () => {
    const client = clientOf(fake);
    const ts: string[] = [];
    for (const n of [1, 2, 3, 4, 5])
      ts.push((await client.chat.postMessage({ channel: CHANNEL, text: `m${n}` })).ts ?? "");

    const first = await client.conversations.history({ channel: CHANNEL, limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(["m5", "m4"]);
    expect(first.has_more).toBe(true);
    const cursor = first.response_metadata?.next_cursor ?? "";
    expect(Buffer.from(cursor, "base64").toString()).toMatch(/^next_ts:\d{16}$/);
    const second = await client.conversations.history({ channel: CHANNEL, limit: 2, cursor });
    expect(second.messages?.map((m) => m.text)).toEqual(["m3", "m2"]);
    const third = await client.conversations.history({
      channel: CHANNEL,
      limit: 2,
      cursor: second.response_metadata?.next_cursor ?? "",
    });
    expect(third.messages?.map((m) => m.text)).toEqual(["m1"]);
    expect(third.has_more).toBe(false);
    expect(third.response_metadata?.next_cursor).toBeUndefined();

    const all: string[] = [];
    for await (const page of client.paginate("conversations.history", { channel: CHANNEL, limit: 2 })) {
      const messages: unknown = Reflect.get(page, "messages");
      for (const message of Array.isArray(messages) ? messages : []) all.push(String(message.text));
    }
    expect(all).toEqual(["m5", "m4", "m3", "m2", "m1"]);

    const before = await client.conversations.history({ channel: CHANNEL, latest: ts[2] });
    expect(before.messages?.map((m) => m.text)).toEqual(["m2", "m1"]);
    const inclusive = await client.conversations.history({
      channel: CHANNEL,
      latest: ts[2],
      inclusive: true,
    });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(["m3", "m2", "m1"]);
    const after = await client.conversations.history({ channel: CHANNEL, oldest: ts[3] });
    expect(after.messages?.map((m) => m.text)).toEqual(["m5"]);
    await expect(client.conversations.history({ channel: CHANNEL, cursor: "bad" })).rejects.toMatchObject({
      data: { error: "invalid_cursor" },
    });
  });

  it("updates its own messages (blocks kept when omitted) and refuses others' or unknown ones", async () => {
    const client = clientOf(fake);
    const blocks = [section("Vote en cours")];
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: "Vote", blocks });
    const updated = await client.chat.update({ channel: CHANNEL, ts: posted.ts ?? "", text: "Vote clos" });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: "Vote clos", message: { blocks } });
    expect(fake.messages(CHANNEL)[0]).toMatchObject({ text: "Vote clos", blocks, edits: 1 });

    await expect(
      client.chat.update({ channel: CHANNEL, ts: "1600000000.000100", text: "x" }),
    ).rejects.toMatchObject({
      code: "slack_webapi_platform_error",
      data: { error: "message_not_found" },
    });
    const theirs = fake.addMessage(CHANNEL, { userId: USER, text: "Mon message" });
    await expect(client.chat.update({ channel: CHANNEL, ts: theirs.ts, text: "x" })).rejects.toMatchObject({
      data: { error: "cant_update_message" },
    });
  });

  it("keeps ephemeral messages out of the history and flags them for their user", async () => {
    const client = clientOf(fake);
    const result = await client.chat.postEphemeral({
      channel: CHANNEL,
      user: USER,
      text: "Rien que pour vous",
    });
    expect(result.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect((await client.conversations.history({ channel: CHANNEL })).messages).toEqual([]);
    expect(fake.messages(CHANNEL)).toEqual([
      expect.objectContaining({ ts: result.message_ts, ephemeralFor: USER, text: "Rien que pour vous" }),
    ]);
  });

  it("deletes messages, leaving a tombstone for a thread root that has replies", async () => {
    const client = clientOf(fake);
    const lone = await client.chat.postMessage({ channel: CHANNEL, text: "seul" });
    const root = await client.chat.postMessage({ channel: CHANNEL, text: "racine" });
    await client.chat.postMessage({ channel: CHANNEL, text: "réponse", thread_ts: root.ts });
    expect(await client.chat.delete({ channel: CHANNEL, ts: lone.ts ?? "" })).toMatchObject({
      ok: true,
      ts: lone.ts,
    });
    await client.chat.delete({ channel: CHANNEL, ts: root.ts ?? "" });

    const history = await client.conversations.history({ channel: CHANNEL });
    expect(history.messages).toEqual([
      expect.objectContaining({ ts: root.ts, subtype: "tombstone", reply_count: 1 }),
    ]);
    expect(fake.messages(CHANNEL).map((m) => m.deleted)).toEqual([true, true, false]);
    await expect(client.chat.delete({ channel: CHANNEL, ts: lone.ts ?? "" })).rejects.toMatchObject({
      data: { error: "message_not_found" },
    });
  });

  it("answers users.info for any U… id, and Slack's errors for missing content, long text, channels", async () => {
    const client = clientOf(fake);
    expect((await client.users.info({ user: USER })).user).toMatchObject({ id: USER, is_bot: false });
    await expect(client.users.info({ user: "nobody" })).rejects.toMatchObject({
      data: { error: "user_not_found" },
    });
    await expect(client.apiCall("chat.postMessage", { channel: CHANNEL })).rejects.toMatchObject({
      data: { error: "no_text" },
    });
    await expect(
      client.chat.postMessage({ channel: CHANNEL, text: "x".repeat(40_001) }),
    ).rejects.toMatchObject({
      data: { error: "msg_too_long" },
    });
    await expect(client.chat.postMessage({ channel: "not-a-channel", text: "x" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    await expect(client.apiCall("chat.fly", {})).rejects.toMatchObject({ data: { error: "unknown_method" } });
  });

  it("refuses a missing token with not_authed and another token with invalid_auth", async () => {
    await expect(clientOf(fake, "xoxb-someone-else").auth.test()).rejects.toMatchObject({
      data: { error: "invalid_auth" },
    });
    await expect(
      new WebClient(undefined, { slackApiUrl: fake.apiUrl, logger: quiet }).auth.test(),
    ).rejects.toMatchObject({
      data: { error: "not_authed" },
    });
    expect(fake.calls.map((call) => [call.token, call.response?.error])).toEqual([
      ["xoxb-someone-else", "invalid_auth"],
      [null, "not_authed"],
    ]);
  });

  it("accepts JSON bodies like form bodies, warns without charset, ignores a token in a JSON body", async () => {
    const blocks = [section("JSON")];
    const post = (
      contentType: string,
      headers: Record<string, string>,
      extra: Record<string, unknown> = {},
    ) =>
      fetch(`${fake.apiUrl}chat.postMessage`, {
        method: "POST",
        headers: { "content-type": contentType, ...headers },
        body: JSON.stringify({ channel: CHANNEL, text: "json", blocks, ...extra }),
      }).then((res) => res.json());
    const auth = { authorization: `Bearer ${fake.botToken}` };
    expect(await post("application/json; charset=utf-8", auth)).toMatchObject({ ok: true, channel: CHANNEL });
    expect(await post("application/json", auth)).toMatchObject({ ok: true, warning: "missing_charset" });
    expect(await post("application/json; charset=utf-8", {}, { token: fake.botToken })).toEqual({
      ok: false,
      error: "not_authed",
    });
    await clientOf(fake).chat.postMessage({ channel: CHANNEL, text: "form", blocks });
    const [json, , , form] = fake.callsTo("chat.postMessage");
    expect(json?.args.blocks).toEqual(blocks);
    expect(form?.args.blocks).toEqual(blocks);
    expect(form?.contentType).toBe("application/x-www-form-urlencoded");
  });

  it("nextCall resolves on the next call of that method, once answered", async () => {
    const next = fake.nextCall("chat.postMessage");
    await clientOf(fake).auth.test();
    await clientOf(fake).chat.postMessage({ channel: CHANNEL, text: "attendu" });
    const call = await next;
    expect(call).toMatchObject({ method: "chat.postMessage", args: { text: "attendu" }, status: 200 });
    expect(call.response).toMatchObject({ ok: true, channel: CHANNEL });
  });
});

describe("Block Kit validation", () => {
  const many = (n: number, make: (i: number) => unknown) => Array.from({ length: n }, (_, i) => make(i));
  const cases: [string, unknown[], string][] = [
    ["51 blocks", many(51, () => ({ type: "divider" })), "/blocks]"],
    ["section text of 3001 characters", [section("x".repeat(3001))], "/blocks/0/text/text]"],
    ["an empty section text", [section("")], "/blocks/0/text/text]"],
    [
      "11 section fields",
      [{ type: "section", fields: many(11, () => ({ type: "mrkdwn", text: "f" })) }],
      "/blocks/0/fields]",
    ],
    [
      "a field of 2001 characters",
      [{ type: "section", fields: [{ type: "mrkdwn", text: "f".repeat(2001) }] }],
      "/blocks/0/fields/0/text]",
    ],
    [
      "a mrkdwn header",
      [{ type: "header", text: { type: "mrkdwn", text: "Titre" } }],
      "/blocks/0/text/type]",
    ],
    [
      "a header of 151 characters",
      [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }],
      "/blocks/0/text/text]",
    ],
    [
      "11 context elements",
      [{ type: "context", elements: many(11, () => ({ type: "mrkdwn", text: "c" })) }],
      "/blocks/0/elements]",
    ],
    ["26 actions", [{ type: "actions", elements: many(26, (i) => button(`b${i}`)) }], "/blocks/0/elements]"],
    [
      "a button text of 76 characters",
      [{ type: "actions", elements: [button("b", "t".repeat(76))] }],
      "/blocks/0/elements/0/text/text]",
    ],
    [
      "a button value of 2001 characters",
      [{ type: "actions", elements: [button("b", "OK", "v".repeat(2001))] }],
      "/blocks/0/elements/0/value]",
    ],
    [
      "an action_id of 256 characters",
      [{ type: "actions", elements: [button("a".repeat(256))] }],
      "/blocks/0/elements/0/action_id]",
    ],
    [
      "an action_id twice in a block",
      [{ type: "actions", elements: [button("same"), button("same")] }],
      "/blocks/0/elements/1/action_id]",
    ],
    [
      "a select of 101 options",
      [
        {
          type: "actions",
          elements: [{ type: "static_select", action_id: "s", options: many(101, option) }],
        },
      ],
      "/blocks/0/elements/0/options]",
    ],
    [
      "an option text of 76 characters",
      [
        {
          type: "actions",
          elements: [
            {
              type: "static_select",
              action_id: "s",
              options: [{ text: { type: "plain_text", text: "o".repeat(76) }, value: "o" }],
            },
          ],
        },
      ],
      "/blocks/0/elements/0/options/0/text/text]",
    ],
    [
      "a datepicker on 30 February",
      [{ type: "actions", elements: [{ type: "datepicker", action_id: "d", initial_date: "2025-02-30" }] }],
      "/blocks/0/elements/0/initial_date]",
    ],
    [
      "a datepicker date in French order",
      [{ type: "actions", elements: [{ type: "datepicker", action_id: "d", initial_date: "12/03/2025" }] }],
      "/blocks/0/elements/0/initial_date]",
    ],
    ["a block_id of 256 characters", [{ type: "divider", block_id: "b".repeat(256) }], "/blocks/0/block_id]"],
    [
      "a block_id twice",
      [
        { type: "divider", block_id: "x" },
        { type: "divider", block_id: "x" },
      ],
      "/blocks/1/block_id]",
    ],
    ["an unknown block type", [{ type: "paragraph", text: "x" }], "/blocks/0/type]"],
    [
      "a text object of type markdown",
      [{ type: "section", text: { type: "markdown", text: "x" } }],
      "/blocks/0/text/type]",
    ],
  ];

  it.each(cases)("refuses %s with invalid_blocks naming where", async (_name, blocks, pointer) => {
    await expect(
      clientOf(fake).apiCall("chat.postMessage", { channel: CHANNEL, text: "t", blocks }),
    ).rejects.toMatchObject({
      code: "slack_webapi_platform_error",
      data: {
        error: "invalid_blocks",
        errors: expect.arrayContaining([expect.stringContaining(`[json-pointer:${pointer}`)]),
      },
    });
    expect(fake.messages(CHANNEL)).toEqual([]);
  });

  it("applies the same checks to chat.update and chat.postEphemeral, and refuses blocks that are not a list", async () => {
    const client = clientOf(fake);
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: "t" });
    const bad = [section("x".repeat(3001))];
    await expect(
      client.apiCall("chat.update", { channel: CHANNEL, ts: posted.ts, text: "t", blocks: bad }),
    ).rejects.toMatchObject({
      data: { error: "invalid_blocks" },
    });
    await expect(
      client.apiCall("chat.postEphemeral", { channel: CHANNEL, user: USER, text: "t", blocks: bad }),
    ).rejects.toMatchObject({
      data: { error: "invalid_blocks" },
    });
    await expect(
      client.apiCall("chat.postMessage", { channel: CHANNEL, text: "t", blocks: section("x") }),
    ).rejects.toMatchObject({
      data: { error: "invalid_blocks_format" },
    });
  });

  it("accepts a full message at the limits, and one action_id reused in two blocks", async () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "h".repeat(150), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: "s".repeat(3000) }, accessory: button("edit-1") },
      {
        type: "section",
        fields: many(10, () => ({ type: "plain_text", text: "f".repeat(2000) })),
        accessory: button("edit-1"),
      },
      { type: "context", elements: many(10, () => ({ type: "mrkdwn", text: "c" })) },
      { type: "divider", block_id: "b".repeat(255) },
      {
        type: "actions",
        elements: [
          ...many(23, (i) => button(`b${i}`, "t".repeat(75), "v".repeat(2000))),
          { type: "static_select", action_id: "s", options: many(100, option), initial_option: option(3) },
          { type: "datepicker", action_id: "d", initial_date: "2024-02-29" },
        ],
      },
    ];
    const posted = await clientOf(fake).apiCall("chat.postMessage", { channel: CHANNEL, text: "t", blocks });
    expect(posted.ok).toBe(true);
  });
});

describe("faults", () => {
  it("rateLimit: WebClient with rejectRateLimitedCalls throws retryAfter as set, then the next call goes through", async () => {
    fake.rateLimit("chat.postMessage", { times: 1, retryAfterSeconds: 7 });
    const client = clientOf(fake, fake.botToken, { rejectRateLimitedCalls: true });
    await expect(client.chat.postMessage({ channel: CHANNEL, text: "a" })).rejects.toMatchObject({
      code: "slack_webapi_rate_limited_error",
      retryAfter: 7,
    });
    expect(fake.messages(CHANNEL)).toEqual([]);
    expect((await client.chat.postMessage({ channel: CHANNEL, text: "a" })).ok).toBe(true);
  });

  it("hold keeps the chosen call (after skip others) unanswered until released; a download too", async () => {
    const client = clientOf(fake);
    const held = fake.hold("chat.postMessage", { skip: 1 });
    expect((await client.chat.postMessage({ channel: CHANNEL, text: "premier" })).ok).toBe(true);
    let answered = false;
    const second = client.chat.postMessage({ channel: CHANNEL, text: "second" }).then((r) => {
      answered = true;
      return r;
    });
    expect((await held.reached).text).toBe("second");
    expect(answered).toBe(false);
    expect(fake.messages(CHANNEL).map((m) => m.text)).not.toContain("second");
    held.release();
    expect((await second).ok).toBe(true);
    expect(fake.messages(CHANNEL).map((m) => m.text)).toContain("second");

    const file = fake.addFile({ name: "cr.txt", content: "contenu" });
    const download = fake.hold("download");
    const fetched = fetch(String(file.url_private_download), {
      headers: { authorization: `Bearer ${fake.botToken}` },
    });
    expect(String((await download.reached).path)).toContain("/download/");
    expect(fake.downloads.filter((d) => d.fileId === file.id)).toEqual([]);
    download.release();
    expect(await (await fetched).text()).toBe("contenu");
  });

  it("rateLimit answers HTTP 429 with Retry-After and Slack's ratelimited body", async () => {
    fake.rateLimit("*", { times: 2, retryAfterSeconds: 30 });
    for (const method of ["auth.test", "users.info"]) {
      const res = await fetch(`${fake.apiUrl}${method}`, {
        method: "POST",
        headers: { authorization: `Bearer ${fake.botToken}` },
      });
      expect([res.status, res.headers.get("retry-after"), await res.json()]).toEqual([
        429,
        "30",
        { ok: false, error: "ratelimited" },
      ]);
    }
    expect((await clientOf(fake).auth.test()).ok).toBe(true);
  });

  it("failNext answers Slack errors the given number of times; failHttp answers an HTTP status", async () => {
    fake.failNext("chat.postMessage", "channel_not_found", 2);
    const client = clientOf(fake);
    for (const _ of [1, 2]) {
      await expect(client.chat.postMessage({ channel: CHANNEL, text: "x" })).rejects.toMatchObject({
        data: { error: "channel_not_found" },
      });
    }
    expect((await client.chat.postMessage({ channel: CHANNEL, text: "x" })).ok).toBe(true);

    fake.failHttp("chat.update", 503);
    await expect(client.chat.update({ channel: CHANNEL, ts: "1.000001", text: "x" })).rejects.toMatchObject({
      code: "slack_webapi_http_error",
      statusCode: 503,
    });
  });

  it("a waiter gives up after 10 s with what it waited for, and closing rejects it", async () => {
    vi.useFakeTimers();
    try {
      const waiters = new Waiters<string>("fake Slack");
      const late = waiters.next(
        () => true,
        "call to chat.postMessage",
        () => "auth.test",
      );
      vi.advanceTimersByTime(10_000);
      await expect(late).rejects.toThrow("no call to chat.postMessage within 10 s (so far: auth.test)");
      const pending = waiters.next(
        () => true,
        "x",
        () => "",
      );
      waiters.close();
      await expect(pending).rejects.toThrow("closed");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("files", () => {
  const bytes = Buffer.from(Array.from({ length: 256 * 4 }, (_, i) => (i * 7) % 256));

  it("serves url_private_download byte for byte to the bot token", async () => {
    const file = fake.addFile({ name: "CR COPIL été.pdf", content: bytes, user: USER, size: 50_000_000 });
    expect(file).toMatchObject({
      mimetype: "application/pdf",
      filetype: "pdf",
      size: 50_000_000,
      user: USER,
    });
    expect(file.url_private_download).toBe(
      `${fake.url}/files-pri/${fake.teamId}-${file.id}/download/${encodeURIComponent("CR COPIL été.pdf")}`,
    );
    const res = await fetch(file.url_private_download, {
      headers: { authorization: `Bearer ${fake.botToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(fake.downloads).toEqual([{ fileId: file.id, authorized: true }]);
  });

  it("without the token redirects to Slack's sign-in page instead of the file", async () => {
    const file = fake.addFile({ name: "notes.txt", content: "secret" });
    const manual = await fetch(file.url_private_download, { redirect: "manual" });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toMatch(new RegExp(`^${fake.url}/\\?redir=`));
    const followed = await fetch(file.url_private_download, {
      headers: { authorization: "Bearer xoxb-wrong" },
    });
    expect(followed.status).toBe(200);
    expect(followed.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await followed.text()).not.toContain("secret");
    expect(fake.downloads.map((d) => d.authorized)).toEqual([false, false]);
    expect((await clientOf(fake).files.info({ file: file.id })).file).toMatchObject({
      id: file.id,
      name: "notes.txt",
    });
  });
});

describe("response URLs", () => {
  it("takes 5 posts, then answers 404 used_url", async () => {
    const url = fake.responseUrl();
    const statuses: number[] = [];
    for (let n = 1; n <= 6; n++) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: `n${n}` }),
      });
      statuses.push(res.status);
      if (n === 6) expect(await res.json()).toEqual({ ok: false, error: "used_url" });
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    const id = url.split("/response/")[1] ?? "";
    expect(fake.responses(id).map((r) => r.body.text)).toEqual(["n1", "n2", "n3", "n4", "n5", "n6"]);
  });

  it("expires after 30 minutes and refuses invalid blocks with 400", async () => {
    let now = 1_700_000_000_000;
    await fake.close();
    fake = await startFakeSlack({ now: () => now });
    const url = fake.responseUrl();
    const post = (body: unknown) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const invalid = await post({
      text: "t",
      blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }],
    });
    expect([invalid.status, await invalid.json()]).toEqual([
      400,
      expect.objectContaining({ error: "invalid_blocks" }),
    ]);
    now += 30 * 60 * 1000 + 1;
    const late = await post({ text: "trop tard" });
    expect([late.status, await late.json()]).toEqual([404, { ok: false, error: "expired_url" }]);
  });

  it("acts on the channel: in_channel posts, ephemeral is flagged, replace_original and delete_original", async () => {
    const client = clientOf(fake);
    const original = await client.chat.postMessage({ channel: CHANNEL, text: "Valider ?" });
    const url = fake.responseUrl({ channel: CHANNEL, userId: USER, messageTs: original.ts });
    const post = (body: unknown) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    await post({ response_type: "in_channel", text: "Pour tous" });
    await post({ text: "Pour Marie" });
    await post({ replace_original: true, text: "Validé" });
    const messages = fake.messages(CHANNEL);
    expect(messages.map((m) => [m.text, m.ephemeralFor, m.edits])).toEqual([
      ["Validé", null, 1],
      ["Pour tous", null, 0],
      ["Pour Marie", USER, 0],
    ]);
    await post({ delete_original: true });
    expect(fake.messages(CHANNEL)[0]?.deleted).toBe(true);
  });
});

describe("signed requests to a real Bolt app", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  let server: Server;
  let appUrl: string;
  const seen: { retryNum?: number; retryReason?: string }[] = [];
  let messageEvents: Waiters<object>;

  beforeEach(async () => {
    seen.length = 0;
    messageEvents = new Waiters<object>("fake Slack");
    const receiver = new HTTPReceiver({ signingSecret: secret, logger: quiet });
    const app = new App({
      token: fake.botToken,
      receiver,
      logger: quiet,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      deferInitialization: true,
    });
    await app.init(); // its auth.test, answered before the test starts
    app.command("/ctg", async ({ ack, respond, command }) => {
      await ack();
      await respond({ response_type: "in_channel", text: `Reçu : ${command.text}` });
    });
    app.event("app_mention", async ({ event, say, context }) => {
      seen.push({ retryNum: context.retryNum, retryReason: context.retryReason });
      await say({ text: `Bonjour <@${event.user}>`, thread_ts: event.ts });
    });
    app.event("message", async ({ event }) => {
      messageEvents.notify(event);
    });
    app.action("approve", async ({ ack, respond }) => {
      await ack();
      await respond({ replace_original: true, text: "Approuvé" });
    });
    server = createServer(receiver.requestListener);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${portOf(server)}/slack/events`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("slackSignature is what Bolt's verifySlackRequest accepts, and a changed body is not", () => {
    const body = slashCommandBody({
      text: "fiche 1.1",
      channelId: CHANNEL,
      userId: USER,
      teamId: fake.teamId,
      responseUrl: "https://hooks.example/x",
    });
    const now = Math.floor(Date.now() / 1000);
    const headers = slackSignature(body, secret, now);
    const verify = (text: string, h = headers) =>
      verifySlackRequest({
        signingSecret: secret,
        body: text,
        headers: {
          "x-slack-signature": h["x-slack-signature"],
          "x-slack-request-timestamp": Number(h["x-slack-request-timestamp"]),
        },
      });
    expect(() => verify(body)).not.toThrow();
    expect(() => verify(`${body}x`)).toThrow("signature mismatch");
    expect(() => verify(body, slackSignature(body, secret, now - 6 * 60))).toThrow("stale");
  });

  it("a slash command reaches the app, which answers through the fake's response URL", async () => {
    const responseUrl = fake.responseUrl({ channel: CHANNEL, userId: USER });
    const body = slashCommandBody({
      text: "fiche 1.1",
      channelId: CHANNEL,
      userId: USER,
      teamId: fake.teamId,
      responseUrl,
      apiAppId: fake.appId,
    });
    expect(new URLSearchParams(body).get("command")).toBe("/ctg");
    const answered = fake.nextResponse();
    const sent = await sendToSlackApp(appUrl, body, { secret });
    expect(sent.status).toBe(200);
    expect((await answered).body).toEqual({ response_type: "in_channel", text: "Reçu : fiche 1.1" });
    expect(fake.messages(CHANNEL).map((m) => m.text)).toEqual(["Reçu : fiche 1.1"]);
  });

  it("an app_mention envelope reaches the app, with the retry headers it was sent with", async () => {
    const ts = "1700000100.000200";
    const event = appMentionEvent({
      text: "bonjour",
      userId: USER,
      channelId: CHANNEL,
      ts,
      botUserId: fake.botUserId,
    });
    expect(event.text).toBe(`<@${fake.botUserId}> bonjour`);
    const posted = fake.nextCall("chat.postMessage");
    const envelope = eventCallback(event, { eventId: "Ev0001", teamId: fake.teamId, apiAppId: fake.appId });
    const sent = await sendToSlackApp(appUrl, envelope, { secret, retryNum: 1 });
    expect(sent.status).toBe(200);
    expect((await posted).args).toMatchObject({
      channel: CHANNEL,
      thread_ts: ts,
      text: `Bonjour <@${USER}>`,
    });
    expect(seen).toEqual([{ retryNum: 1, retryReason: "http_timeout" }]);
  });

  it("a file_share message carries the files as Slack sends them", async () => {
    const file = fake.addFile({ name: "odj.odt", content: "ordre du jour", user: USER });
    const event = messageEvent({
      text: "le voici",
      userId: USER,
      channelId: "D0MARIE",
      ts: "1700000200.000100",
      channelType: "im",
      files: [file],
    });
    expect(event).toMatchObject({ subtype: "file_share", upload: false });
    const received = messageEvents.next(
      () => true,
      "message event",
      () => "none",
    );
    const sent = await sendToSlackApp(
      appUrl,
      eventCallback(event, { eventId: "Ev0002", teamId: fake.teamId, apiAppId: fake.appId }),
      { secret },
    );
    expect(sent.status).toBe(200);
    const delivered = await received;
    expect(delivered).toMatchObject({ subtype: "file_share", files: [file] });
    const download = await fetch(file.url_private_download, {
      headers: { authorization: `Bearer ${fake.botToken}` },
    });
    expect(await download.text()).toBe("ordre du jour");
  });

  it("a block_actions click reaches the app, which replaces the message through its response URL", async () => {
    const original = await clientOf(fake).chat.postMessage({
      channel: CHANNEL,
      text: "Valider ?",
      blocks: [{ type: "actions", block_id: "vote", elements: [button("approve", "Valider", "yes")] }],
    });
    const responseUrl = fake.responseUrl({ channel: CHANNEL, userId: USER, messageTs: original.ts });
    const payload = blockActionsPayload({
      actionId: "approve",
      value: "yes",
      userId: USER,
      channelId: CHANNEL,
      messageTs: original.ts ?? "",
      responseUrl,
      teamId: fake.teamId,
      apiAppId: fake.appId,
      blockId: "vote",
    });
    const answered = fake.nextResponse();
    const sent = await sendToSlackApp(appUrl, payload, { secret, kind: "interactive" });
    expect(sent.status).toBe(200);
    expect((await answered).status).toBe(200);
    expect(fake.messages(CHANNEL)[0]).toMatchObject({ text: "Approuvé", edits: 1 });
  });

  it("url_verification is answered with the challenge; a tampered or stale request is refused", async () => {
    const challenge = await sendToSlackApp(
      appUrl,
      urlVerificationBody("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
      { secret },
    );
    expect(challenge.status).toBe(200);
    expect(JSON.parse(challenge.text)).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    const tampered = await sendToSlackApp(appUrl, urlVerificationBody("abc"), { secret, tamper: true });
    expect(tampered.status).toBe(401);
    const stale = await sendToSlackApp(appUrl, urlVerificationBody("abc"), {
      secret,
      timestampSeconds: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
  });
});
