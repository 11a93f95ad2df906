import type { SocketModeHub } from "./socket-mode.ts";
/** The fake's public shapes: what a test drives, and what it reads back (calls, messages, responses, files). */

import type { FakeHold } from "./holds.ts";

export interface FakeSlackCall {
  method: string;
  /**
   * The arguments as sent, form or JSON alike (form values stay strings), without `token`;
   * `blocks`, `attachments` and `metadata` are decoded from their JSON strings when they parse.
   */
  args: Record<string, unknown>;
  /** From `Authorization: Bearer …`, or the `token` form field; null without one. */
  token: string | null;
  at: number;
  /** The Content-Type the client sent, null without one. */
  contentType: string | null;
  /** The HTTP status answered (200, 429, 500…), null until answered. */
  status: number | null;
  /** The JSON body answered, null until answered (or when the answer was not JSON). */
  response: Record<string, unknown> | null;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | null;
  /** The thread root's ts for a reply; null for a top-level message (thread roots included). */
  threadTs: string | null;
  metadata: { event_type: string; event_payload: Record<string, unknown> } | null;
  userId: string | null;
  botId: string | null;
  /** How many times chat.update (or a response URL's replace_original) changed it. */
  edits: number;
  /** The user who alone sees it (chat.postEphemeral, ephemeral responses), else null. */
  ephemeralFor: string | null;
  deleted: boolean;
  attachments: unknown[] | null;
  /** A thread reply also shown in the channel (`reply_broadcast`). */
  replyBroadcast: boolean;
  /** The files a user shared with the message (a `file_share`). */
  files?: unknown[];
  /** Reactions by emoji name (`reactions.add`), with who added each. */
  reactions: { name: string; users: string[] }[];
}

export interface FakeResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
  /** The HTTP status the response URL answered. */
  status: number;
}

export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
  user: string;
  [k: string]: unknown;
}

/** What a response URL acts on when it is used: without it, bodies are only recorded. */
export interface ResponseUrlContext {
  channel?: string;
  /** Who gets the ephemeral answers (the user who typed the command or clicked). */
  userId?: string;
  /** The message `replace_original` / `delete_original` act on. */
  messageTs?: string;
  /** Where `in_channel` answers go when the body gives no `thread_ts`. */
  threadTs?: string;
}

export interface UserProfile {
  name?: string;
  realName?: string;
  email?: string;
  isBot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface FakeSlackOptions {
  botToken?: string;
  teamId?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** The app-level token `apps.connections.open` accepts (Socket Mode). */
  appToken?: string;
  /** Only channels given to addChannel exist (by default any id starting with C, G or D does). */
  strictChannels?: boolean;
  /** The clock (ms) behind `ts` values, `at` fields and response URL expiry; default Date.now. */
  now?: () => number;
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `${url}/api/`, WebClient's `slackApiUrl`. */
  apiUrl: string;
  botToken: string;
  teamId: string;
  botUserId: string;
  botId: string;
  appId: string;
  /** The app-level token (xapp-…) for Socket Mode. */
  appToken: string;
  /** Socket Mode: WebSocket connections opened through `apps.connections.open`. */
  socketMode: SocketModeHub;
  /** Every Web API call, in order, including refused ones. */
  calls: FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  /** The next call of that method once answered (no polling); rejects after 10 s. */
  nextCall(method: string): Promise<FakeSlackCall>;
  /** A channel's messages, oldest first: thread replies, ephemeral and deleted ones included (flagged). */
  messages(channel: string): FakeMessage[];
  /** Bodies POSTed to response URLs, in order (of one URL with `id`). */
  responses(id?: string): FakeResponse[];
  nextResponse(): Promise<FakeResponse>;
  /** A fresh `${url}/response/<id>`, good for 5 uses within 30 minutes, like Slack's. */
  responseUrl(context?: ResponseUrlContext): string;
  addFile(opts: {
    name: string;
    content: Buffer | string;
    mimetype?: string;
    user?: string;
    /** The size the file object announces; defaults to the content's. */
    size?: number;
    title?: string;
  }): SlackFile;
  downloads: { fileId: string; authorized: boolean }[];
  /** The next `times` calls of `method` ("*": any) get HTTP 429, `Retry-After` and `{ok:false,error:"ratelimited"}`. */
  rateLimit(method: string, opts: { times: number; retryAfterSeconds: number }): void;
  /**
   * Holds the call of `method` ("download": a private file URL) that comes after `skip` others,
   * unanswered until `release()`; `reached` resolves with its arguments once it waits.
   */
  hold(method: string, opts?: { skip?: number }): FakeHold;
  /** The next `times` calls of `method` ("*": any) get HTTP 200 `{ok:false,error}`. */
  failNext(method: string, error: string, times?: number): void;
  /** The next `times` calls of `method` ("*": any) get this HTTP status (500, 503…) and an HTML body. */
  failHttp(method: string, status: number, times?: number): void;
  addChannel(id: string, opts?: { name?: string; isIm?: boolean; userId?: string }): void;
  addUser(id: string, profile?: UserProfile): void;
  /** A message some user wrote (history a bot may read back); not recorded as a call. */
  addMessage(
    channel: string,
    message: { userId: string; text: string; threadTs?: string; blocks?: unknown[]; files?: SlackFile[] },
  ): FakeMessage;
  close(): Promise<void>;
}
