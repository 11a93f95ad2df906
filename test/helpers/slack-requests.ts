/**
 * What Slack sends to our app, built from Slack's documented payloads: slash command bodies,
 * Events API envelopes (app_mention, message, file_share), block_actions payloads,
 * url_verification, and the request itself, signed as Slack signs it
 * (`X-Slack-Signature: v0=HMAC-SHA256(signing secret, "v0:<timestamp>:<raw body>")`).
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { DEFAULT_APP_ID, DEFAULT_BOT_ID, DEFAULT_BOT_USER_ID, type SlackFile } from "./fake-slack/index.ts";

/** The deprecated verification token Slack still puts in payloads. */
const VERIFICATION_TOKEN = "fakeVerificationToken0000";
const TEAM_DOMAIN = "ctg-fake";

export function slackSignature(
  body: string,
  secret: string,
  timestampSeconds: number,
): { "x-slack-signature": string; "x-slack-request-timestamp": string } {
  const hash = createHmac("sha256", secret).update(`v0:${timestampSeconds}:${body}`).digest("hex");
  return { "x-slack-signature": `v0=${hash}`, "x-slack-request-timestamp": String(timestampSeconds) };
}

/** A slash command as Slack POSTs it: application/x-www-form-urlencoded, every documented field. */
export function slashCommandBody(o: {
  command?: string;
  text: string;
  channelId: string;
  userId: string;
  teamId: string;
  responseUrl: string;
  triggerId?: string;
  apiAppId?: string;
  channelName?: string;
  userName?: string;
}): string {
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: o.teamId,
    team_domain: TEAM_DOMAIN,
    channel_id: o.channelId,
    channel_name: o.channelName ?? (o.channelId.startsWith("D") ? "directmessage" : "general"),
    user_id: o.userId,
    user_name: o.userName ?? `user.${o.userId.toLowerCase()}`,
    command: o.command ?? "/ctg",
    text: o.text,
    api_app_id: o.apiAppId ?? DEFAULT_APP_ID,
    is_enterprise_install: "false",
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? triggerId(),
  }).toString();
}

/** The Events API envelope around an event (`type: "event_callback"`). */
export function eventCallback(
  event: Record<string, unknown>,
  o: { eventId: string; teamId: string; apiAppId: string; eventTime?: number; botUserId?: string },
): Record<string, unknown> {
  const eventContext = {
    et: event.type,
    tid: o.teamId,
    aid: o.apiAppId,
    ...(typeof event.channel === "string" ? { cid: event.channel } : {}),
  };
  return {
    token: VERIFICATION_TOKEN,
    team_id: o.teamId,
    context_team_id: o.teamId,
    context_enterprise_id: null,
    api_app_id: o.apiAppId,
    event,
    type: "event_callback",
    event_id: o.eventId,
    event_time: o.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: o.teamId,
        user_id: o.botUserId ?? DEFAULT_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify(eventContext)).toString("base64url")}`,
  };
}

/** An app_mention event; the text gets a leading `<@bot>` if it does not mention the bot. */
export function appMentionEvent(o: {
  text: string;
  userId: string;
  channelId: string;
  ts: string;
  threadTs?: string;
  botUserId: string;
  teamId?: string;
}): Record<string, unknown> {
  const text = o.text.includes(`<@${o.botUserId}>`) ? o.text : `<@${o.botUserId}> ${o.text}`;
  return {
    type: "app_mention",
    user: o.userId,
    text,
    ts: o.ts,
    client_msg_id: randomUUID(),
    ...(o.teamId === undefined ? {} : { team: o.teamId }),
    blocks: richTextBlocks(text),
    channel: o.channelId,
    event_ts: o.ts,
    ...(o.threadTs === undefined ? {} : { thread_ts: o.threadTs }),
  };
}

/** A message event; with files it is a `file_share` (`upload: false`) carrying the file objects. */
export function messageEvent(o: {
  text: string;
  userId: string;
  channelId: string;
  ts: string;
  channelType: "im" | "channel" | "group";
  threadTs?: string;
  files?: SlackFile[];
  teamId?: string;
}): Record<string, unknown> {
  const files = o.files ?? [];
  return {
    type: "message",
    ...(files.length > 0 ? { subtype: "file_share" } : {}),
    text: o.text,
    ...(files.length > 0 ? { files, upload: false } : {}),
    user: o.userId,
    display_as_bot: false,
    ts: o.ts,
    client_msg_id: randomUUID(),
    ...(o.teamId === undefined ? {} : { team: o.teamId }),
    blocks: richTextBlocks(o.text),
    channel: o.channelId,
    event_ts: o.ts,
    channel_type: o.channelType,
    ...(o.threadTs === undefined ? {} : { thread_ts: o.threadTs }),
  };
}

/** A `reaction_added` event: `userId` reacted with `name` (Slack's emoji name) to a message. */
export function reactionAddedEvent(o: {
  userId: string;
  name: string;
  channelId: string;
  ts: string;
  itemUser?: string;
}): Record<string, unknown> {
  return {
    type: "reaction_added",
    user: o.userId,
    reaction: o.name,
    item_user: o.itemUser ?? DEFAULT_BOT_USER_ID,
    item: { type: "message", channel: o.channelId, ts: o.ts },
    event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
  };
}

/**
 * A `block_actions` payload for one action (a button by default): `container` says where the
 * message is; `message` is there unless the message was ephemeral (Slack does not send it then).
 */
export function blockActionsPayload(o: {
  actionId: string;
  value: string;
  userId: string;
  channelId: string;
  messageTs: string;
  threadTs?: string;
  responseUrl: string;
  teamId: string;
  apiAppId: string;
  blockId?: string;
  isEphemeral?: boolean;
  selectedDate?: string;
  actionType?: "button" | "datepicker" | "static_select";
  botUserId?: string;
  messageText?: string;
  messageBlocks?: unknown[];
}): Record<string, unknown> {
  const blockId = o.blockId ?? "actions";
  const action = actionOf(o, blockId);
  const { action_ts: _ts, selected_option: _option, selected_date: _date, ...element } = action;
  const thread = o.threadTs === undefined ? {} : { thread_ts: o.threadTs };
  const message = {
    user: o.botUserId ?? DEFAULT_BOT_USER_ID,
    type: "message",
    ts: o.messageTs,
    bot_id: DEFAULT_BOT_ID,
    app_id: o.apiAppId,
    text: o.messageText ?? "",
    team: o.teamId,
    blocks: o.messageBlocks ?? [{ type: "actions", block_id: blockId, elements: [element] }],
    ...thread,
  };
  return {
    type: "block_actions",
    user: {
      id: o.userId,
      username: `user.${o.userId.toLowerCase()}`,
      name: `user.${o.userId.toLowerCase()}`,
      team_id: o.teamId,
    },
    api_app_id: o.apiAppId,
    token: VERIFICATION_TOKEN,
    container: {
      type: "message",
      message_ts: o.messageTs,
      channel_id: o.channelId,
      is_ephemeral: o.isEphemeral ?? false,
      ...thread,
    },
    trigger_id: triggerId(),
    team: { id: o.teamId, domain: TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channelId, name: o.channelId.startsWith("D") ? "directmessage" : "general" },
    ...(o.isEphemeral === true ? {} : { message }),
    state: { values: {} },
    response_url: o.responseUrl,
    actions: [action],
  };
}

export function urlVerificationBody(challenge: string): Record<string, unknown> {
  return { token: VERIFICATION_TOKEN, challenge, type: "url_verification" };
}

/**
 * POSTs a signed request to our app. `kind` "json" sends JSON (the default for objects); "form"
 * a form body (the default for strings: given as is, or built from an object); "interactive"
 * `payload=<JSON>` as Slack sends interactions. `tamper` changes one byte after signing;
 * `retryNum` adds `X-Slack-Retry-Num` / `X-Slack-Retry-Reason` (default `http_timeout`).
 */
export async function sendToSlackApp(
  url: string,
  body: string | Record<string, unknown>,
  o: {
    secret: string;
    timestampSeconds?: number;
    retryNum?: number;
    retryReason?: string;
    tamper?: boolean;
    kind?: "json" | "form" | "interactive";
  },
): Promise<{ status: number; text: string; ms: number }> {
  const kind = o.kind ?? (typeof body === "string" ? "form" : "json");
  const asJson = typeof body === "string" ? body : JSON.stringify(body);
  const raw =
    kind === "json"
      ? asJson
      : kind === "interactive"
        ? new URLSearchParams({ payload: asJson }).toString()
        : formOf(body);
  const timestamp = o.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": kind === "json" ? "application/json" : "application/x-www-form-urlencoded",
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    ...slackSignature(raw, o.secret, timestamp),
  };
  if (o.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(o.retryNum);
    headers["x-slack-retry-reason"] = o.retryReason ?? "http_timeout";
  }
  const sent = o.tamper === true ? alterOneByte(raw) : raw;
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers, body: sent });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

function formOf(body: string | Record<string, unknown>): string {
  if (typeof body === "string") return body;
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) form.append(key, String(value));
  return form.toString();
}

/** The body with one ASCII letter or digit, from the middle on, changed to another. */
function alterOneByte(body: string): string {
  for (let index = Math.floor(body.length / 2); index < body.length; index++) {
    const char = body[index] ?? "";
    if (/[A-Za-z0-9]/.test(char))
      return body.slice(0, index) + (char === "x" ? "y" : "x") + body.slice(index + 1);
  }
  return `${body}x`;
}

/** Slack's rich_text rendering of a message's text, mentions as `user` elements. */
function richTextBlocks(text: string): unknown[] {
  if (text === "") return [];
  const elements = text
    .split(/(<@[UW][A-Z0-9]+>)/)
    .filter((part) => part !== "")
    .map((part) => {
      const mention = /^<@([UW][A-Z0-9]+)>$/.exec(part);
      return mention === null ? { type: "text", text: part } : { type: "user", user_id: mention[1] };
    });
  return [
    {
      type: "rich_text",
      block_id: randomBytes(3).toString("base64url").slice(0, 4),
      elements: [{ type: "rich_text_section", elements }],
    },
  ];
}

function actionOf(
  o: { actionId: string; value: string; selectedDate?: string; actionType?: string },
  blockId: string,
): Record<string, unknown> {
  const actionTs = (Date.now() / 1000).toFixed(6);
  const base = { action_id: o.actionId, block_id: blockId };
  switch (o.actionType ?? "button") {
    case "datepicker":
      return { type: "datepicker", ...base, selected_date: o.selectedDate ?? o.value, action_ts: actionTs };
    case "static_select":
      return {
        type: "static_select",
        ...base,
        selected_option: { text: { type: "plain_text", text: o.value, emoji: true }, value: o.value },
        action_ts: actionTs,
      };
    default:
      return {
        ...base,
        text: { type: "plain_text", text: o.value, emoji: true },
        value: o.value,
        type: "button",
        action_ts: actionTs,
      };
  }
}

function triggerId(): string {
  return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString("hex")}`;
}
