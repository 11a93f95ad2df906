import { createHash } from "node:crypto";
import { type ILogger, type IStorageProvider, LogLevel, LogService, MatrixClient } from "matrix-bot-sdk";
import type { ProgressReporter } from "../../core/command.ts";
import type { Dispatch, DispatchResult } from "../../core/dispatch.ts";
import { readMessage } from "../../core/inbound.ts";
import type { Log } from "../../core/log.ts";
import { type Reply, reply, text } from "../../core/reply.ts";
import { alwaysLeader, type LeaderCallbacks, type SyncLeader } from "../../core/sync-leader.ts";
import {
  cannotFileThis,
  ENCRYPTED_ROOM,
  progressDone,
  unreadableFileEvent,
} from "../../core/wording/chat.ts";
import { formatSize } from "../../filing/filing-service.ts";
import { type Delivery, PermanentFailure, RateLimited } from "../../scheduler/delivery.ts";
import { ChannelQueue, type ChannelQueueOptions } from "../channel-queue.ts";
import type { ChatAdapter } from "../chat-adapter.ts";
import type { EventLedger } from "../event-ledger.ts";
import { HandlerPool } from "../work-limiter.ts";
import { fileContentSchema, mentionedUsers, pendingChoicesSchema, relationOf } from "./matrix-content.ts";
import { captionOf, matrixIncomingFile } from "./matrix-files.ts";
import { MATRIX_PREFIX, NUMBER_REACTIONS, renderMatrix } from "./render-matrix.ts";

export const MATRIX_PLATFORM = "matrix";

const FILE_TYPES = new Set(["m.file", "m.image", "m.video", "m.audio"]);
/** Matrix errors after which sending again cannot help (the reminder is marked failed). */
const PERMANENT_ERRORS = new Set([
  "M_FORBIDDEN",
  "M_NOT_FOUND",
  "M_UNKNOWN_TOKEN",
  "M_MISSING_TOKEN",
  "M_TOO_LARGE",
]);

export interface MatrixAdapterOptions {
  homeserverUrl: string;
  /** The bot account's access token (created once; no login at each start). */
  accessToken: string;
  /** Sync token and filter: in our database (PrismaMatrixStorage). */
  storage: IStorageProvider;
  handle: Dispatch;
  ledger: EventLedger;
  /** Whether a room is bound to a territory: files are filed only there (and in direct chats). */
  isBound: (roomId: string) => Promise<boolean>;
  /** Whether a word starts a command: a mention beginning with one runs it. */
  isCommandWord: (word: string) => boolean;
  /**
   * Who may invite the bot into a room: `@user:server` or a whole homeserver `:server`. Empty: the
   * bot's own homeserver only.
   */
  allowedInviters: readonly string[];
  clock: () => Date;
  /** Events sent before this are not acted on (no replay after a restart). Default: at start. */
  startedAt?: Date;
  queue?: ChannelQueueOptions;
  /** How long a /sync long-poll waits on the server. Default 30 s. */
  syncTimeoutMs?: number;
  workConcurrency?: number;
  progressIntervalMs?: number;
  onInternalError?: (error: unknown) => void;
  /**
   * Who runs the sync loop when several processes share the account: PostgreSQL elects one
   * (sync-leader.ts). Default: this process, always (the embedded database has only one).
   */
  leader?: (callbacks: LeaderCallbacks) => Promise<SyncLeader>;
  /** Where matrix-bot-sdk's own messages go (JSON logs); default: the console. */
  sdkLog?: Log;
}

interface RoomEvent {
  event_id: string;
  sender: string;
  type: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  unsigned?: Record<string, unknown>;
}

interface Target {
  roomId: string;
  /** The event answered (a rich reply). */
  inReplyTo?: string;
  /** The thread's root when the question was in a thread. */
  threadRoot?: string;
}

interface PendingChoices {
  eventId: string;
  choices: string[];
  target: Target;
}

/** The delay an M_LIMIT_EXCEEDED error asks for, null for any other error. */
export function matrixRateLimitDelay(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { errcode?: unknown; retryAfterMs?: unknown; statusCode?: unknown };
  if (e.errcode !== "M_LIMIT_EXCEEDED" && e.statusCode !== 429) return null;
  return typeof e.retryAfterMs === "number" && e.retryAfterMs > 0 ? e.retryAfterMs : 1000;
}

/** A transaction id derived from a reminder's key: the homeserver answers a retry with the same event. */
export function transactionIdFor(key: string): string {
  return `ctg-${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
}

/**
 * Matrix (and Tchap) through matrix-bot-sdk: `!ctg …` commands, mentions and direct messages as
 * questions, files filed, choices answered by number or reaction, reminders sent with a
 * transaction id derived from their key. Answers are `m.notice` (HTML and plain text), in the
 * thread of the question. The bot ignores its own events, notices, and events older than its start;
 * every event is recorded in the ledger before it is acted on.
 */
export class MatrixAdapter implements ChatAdapter {
  readonly platform = MATRIX_PLATFORM;
  readonly client: MatrixClient;
  readonly #options: MatrixAdapterOptions;
  readonly #queue: ChannelQueue;
  readonly #handlers: HandlerPool;
  readonly #pending = new Map<string, PendingChoices>();
  readonly #memberCounts = new Map<string, number>();
  /** When the bot (re)joined each room since its start: what was said before is not for it. */
  readonly #joinedAt = new Map<string, number>();
  #userId = "";
  #startedAt = 0;
  #stopped: (() => void) | null = null;
  #leader: SyncLeader | null = null;

  constructor(options: MatrixAdapterOptions) {
    this.#options = options;
    this.client = new BotClient(options.homeserverUrl, options.accessToken, options.storage);
    this.client.syncingTimeout = options.syncTimeoutMs ?? 30_000;
    this.#queue = new ChannelQueue({ rateLimitDelay: matrixRateLimitDelay, ...options.queue });
    this.#handlers = new HandlerPool(options.workConcurrency ?? 4, (error) =>
      options.onInternalError?.(error),
    );
    this.client.on("room.message", (roomId: string, event: RoomEvent) =>
      this.#track(() => this.#onMessage(roomId, event)),
    );
    this.client.on("room.event", (roomId: string, event: RoomEvent) => {
      // Someone joined or left: a direct chat may have become a group (or the other way round).
      if (event.type === "m.room.member") this.#memberCounts.delete(roomId);
      if (event.type === "m.reaction") void this.#track(() => this.#onReaction(roomId, event));
      if (event.type === "m.room.encrypted") void this.#track(() => this.#onEncrypted(roomId, event));
    });
    this.client.on("room.join", (roomId: string, event: RoomEvent | undefined) => {
      if (typeof event?.origin_server_ts === "number") this.#joinedAt.set(roomId, event.origin_server_ts);
    });
    this.client.on("room.invite", (roomId: string, event: RoomEvent) =>
      this.#track(() => this.#onInvite(roomId, event)),
    );
  }

  /** Checks the token (whoami) and starts the sync loop. */
  async start(): Promise<{ port: number | null }> {
    LogService.setLevel(LogLevel.WARN);
    if (this.#options.sdkLog !== undefined) LogService.setLogger(sdkLogger(this.#options.sdkLog));
    this.#userId = await this.client.getUserId();
    this.#startedAt = (this.#options.startedAt ?? this.#options.clock()).getTime();
    const elect = this.#options.leader ?? alwaysLeader;
    this.#leader = await elect({
      lead: async () => {
        await this.client.start();
      },
      stepDown: async () => {
        this.client.stop();
      },
      onError: (error) => this.#options.onInternalError?.(error),
    });
    return { port: null };
  }

  async run(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.#stopped = resolve;
    });
    await this.start();
    await stopped;
  }

  /** Whether this process runs the sync loop (sending works from any process). */
  get leading(): boolean {
    return this.#leader?.leading ?? false;
  }

  /** Tries for the lead (or checks it) now rather than at the next timer tick. */
  async checkLead(): Promise<void> {
    await this.#leader?.check();
  }

  async stop(): Promise<void> {
    await this.#leader?.stop();
    this.client.stop();
    await this.idle();
    this.#stopped?.();
  }

  /** Resolves once every event received so far has been handled (tests, shutdown). */
  idle(): Promise<void> {
    return this.#handlers.idle();
  }

  /** For /readyz: the homeserver answers and knows the token (whoami). */
  async ready(): Promise<void> {
    await this.client.doRequest("GET", "/_matrix/client/v3/account/whoami");
  }

  async post(roomId: string, message: Reply): Promise<void> {
    await this.#send({ roomId }, message);
  }

  /**
   * A reminder, sent with a transaction id derived from its key (PUT …/send/m.room.message/{txnId}):
   * if an earlier try was posted before its process stopped, the homeserver answers with that
   * same event instead of a second one — an uncertain delivery needs nothing more.
   */
  async deliver(delivery: Delivery): Promise<void> {
    const rendered = renderMatrix(delivery.reply);
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(delivery.channelId)}/send/m.room.message/${transactionIdFor(delivery.key)}`;
    try {
      const sent = (await this.#queue.run(
        delivery.channelId,
        () => this.client.doRequest("PUT", path, null, rendered.content),
        { retryRateLimited: false },
      )) as { event_id?: string };
      if (rendered.choices.length > 0 && typeof sent.event_id === "string") {
        this.#remember(
          { roomId: delivery.channelId, inReplyTo: sent.event_id },
          sent.event_id,
          rendered.choices,
        );
      }
    } catch (error) {
      const retryAfter = matrixRateLimitDelay(error);
      if (retryAfter !== null) throw new RateLimited(retryAfter, "Matrix: M_LIMIT_EXCEEDED");
      const errcode = (error as { errcode?: unknown }).errcode;
      if (typeof errcode === "string" && PERMANENT_ERRORS.has(errcode))
        throw new PermanentFailure(`Matrix: ${errcode}`);
      throw error;
    }
  }

  async #onInvite(roomId: string, event: RoomEvent): Promise<void> {
    if (this.#allowed(event.sender)) {
      await this.client.joinRoom(roomId);
    } else {
      await this.client.leaveRoom(roomId);
    }
  }

  #allowed(sender: string): boolean {
    const server = (user: string) => user.slice(user.indexOf(":") + 1);
    const list =
      this.#options.allowedInviters.length > 0 ? this.#options.allowedInviters : [`:${server(this.#userId)}`];
    return list.some((entry) =>
      entry.startsWith("@") ? entry === sender : server(sender) === entry.replace(/^:/, ""),
    );
  }

  /** Whether to act: not ours, not older than the start or than our (re)join, not seen before. */
  async #fresh(roomId: string, event: RoomEvent): Promise<boolean> {
    if (event.sender === this.#userId) return false;
    if (event.origin_server_ts < this.#startedAt) return false;
    // A re-join shows the room's recent history: none of it was addressed to the bot.
    if (event.origin_server_ts < (this.#joinedAt.get(roomId) ?? 0)) return false;
    if (event.unsigned?.redacted_because !== undefined) return false;
    return this.#options.ledger.firstTime(MATRIX_PLATFORM, `event:${event.event_id}`);
  }

  async #onMessage(roomId: string, event: RoomEvent): Promise<void> {
    const content = event.content;
    const msgtype = typeof content.msgtype === "string" ? content.msgtype : "";
    if (msgtype === "m.notice") return;
    const relation = relationOf(content);
    if (relation?.rel_type === "m.replace") return; // an edit: the original was handled
    if (!(await this.#fresh(roomId, event))) return;
    const threadRoot = relation?.rel_type === "m.thread" ? relation.event_id : undefined;
    const target: Target = {
      roomId,
      inReplyTo: event.event_id,
      ...(threadRoot !== undefined ? { threadRoot } : {}),
    };
    const base = {
      platform: MATRIX_PLATFORM,
      channelId: roomId,
      userId: event.sender,
      messageId: event.event_id,
      ...(threadRoot !== undefined ? { threadId: threadRoot } : {}),
      receivedAt: this.#options.clock(),
    };
    if (FILE_TYPES.has(msgtype)) {
      if (!(await this.#options.isBound(roomId)) && !(await this.#isDirect(roomId))) return;
      const parsed = fileContentSchema.safeParse(content);
      if (!parsed.success) {
        await this.#send(target, reply(text(cannotFileThis(unreadableFileEvent))));
        return;
      }
      const file = matrixIncomingFile(parsed.data, {
        homeserverUrl: this.#options.homeserverUrl,
        accessToken: this.#options.accessToken,
      });
      if ("unavailable" in file) {
        await this.#send(target, reply(text(cannotFileThis(file.unavailable))));
        return;
      }
      const result = await this.#options.handle({
        ...base,
        kind: "question",
        text: captionOf(parsed.data),
        files: [file],
        progress: this.#progress(target),
      });
      await this.#answer(target, result);
      return;
    }
    if (msgtype !== "m.text" && msgtype !== "m.emote") return;
    const body = typeof content.body === "string" ? stripReplyFallback(content.body) : "";
    const mentioned = this.#mentions(content, body);
    const read = readMessage(mentioned ? this.#withoutMention(body) : body, {
      prefixes: [MATRIX_PREFIX],
      isCommandWord: this.#options.isCommandWord,
      choices: /^\s*\d{1,2}\s*$/.test(body) ? ((await this.#pendingIn(roomId))?.choices ?? []) : [],
      addressed: mentioned || (await this.#isDirect(roomId)),
    });
    if (read === null) return;
    await this.#answer(target, await this.#options.handle({ ...base, ...read }));
  }

  async #onReaction(roomId: string, event: RoomEvent): Promise<void> {
    const relation = relationOf(event.content);
    if (relation?.rel_type !== "m.annotation" || relation.key === undefined) return;
    const pending = await this.#pendingIn(roomId);
    if (pending === undefined || pending.eventId !== relation.event_id) return;
    if (!(await this.#fresh(roomId, event))) return;
    const key = relation.key.replace(/\uFE0F/g, "");
    const index = NUMBER_REACTIONS.findIndex((r) => r.replace(/\uFE0F/g, "") === key);
    const number = index >= 0 ? index + 1 : /^\d{1,2}$/.test(key) ? Number(key) : 0;
    const chosen = pending.choices[number - 1];
    if (chosen === undefined) return;
    const result = await this.#options.handle({
      kind: "command",
      text: chosen,
      platform: MATRIX_PLATFORM,
      channelId: roomId,
      userId: event.sender,
      messageId: event.event_id,
      receivedAt: this.#options.clock(),
    });
    await this.#answer(pending.target, result);
  }

  /** Once per room: the bot says it cannot read an encrypted room, and what to do. */
  async #onEncrypted(roomId: string, event: RoomEvent): Promise<void> {
    if (event.sender === this.#userId || event.origin_server_ts < this.#startedAt) return;
    if (event.origin_server_ts < (this.#joinedAt.get(roomId) ?? 0)) return;
    if (!(await this.#options.ledger.firstTime(MATRIX_PLATFORM, `encrypted-room:${roomId}`))) return;
    await this.#send({ roomId }, reply(...ENCRYPTED_ROOM.map((line) => text(line))));
  }

  #mentions(content: Record<string, unknown>, body: string): boolean {
    if (mentionedUsers(content).includes(this.#userId)) return true;
    const localpart = this.#userId.slice(1, this.#userId.indexOf(":"));
    return (
      body.includes(this.#userId) ||
      new RegExp(`^@?${escapeRegExp(localpart)}\\b[:,]?`, "i").test(body.trim())
    );
  }

  #withoutMention(body: string): string {
    const localpart = this.#userId.slice(1, this.#userId.indexOf(":"));
    return body
      .replaceAll(this.#userId, " ")
      .replace(new RegExp(`^\\s*@?${escapeRegExp(localpart)}\\b[:,]?`, "i"), " ")
      .replace(/\s+/g, " ")
      .trim();
  }

  /** A room with the bot and one other person is a direct chat (cached until a member event). */
  async #isDirect(roomId: string): Promise<boolean> {
    let count = this.#memberCounts.get(roomId);
    if (count === undefined) {
      count = (await this.client.getJoinedRoomMembers(roomId)).length;
      this.#memberCounts.set(roomId, count);
    }
    return count === 2;
  }

  /** One notice in the thread, edited as the upload goes on (m.replace), closed at the end. */
  #progress(target: Target): ProgressReporter {
    const interval = this.#options.progressIntervalMs ?? 2000;
    return (label) => {
      let posted: Promise<string | null> | null = null;
      let lastAt = Number.NEGATIVE_INFINITY;
      let finished = false;
      const edit = (body: string) =>
        void posted?.then(async (eventId) => {
          if (eventId === null) return;
          await this.#queue
            .run(target.roomId, () =>
              this.client.sendMessage(target.roomId, {
                msgtype: "m.notice",
                body: `* ${body}`,
                "m.new_content": { msgtype: "m.notice", body },
                "m.relates_to": { rel_type: "m.replace", event_id: eventId },
              }),
            )
            .catch((error: unknown) => this.#options.onInternalError?.(error));
        });
      return {
        update: (done, total) => {
          const now = this.#options.clock().getTime();
          if (finished || now - lastAt < interval) return;
          lastAt = now;
          const body = `${label} : ${total > 0 ? Math.floor((done / total) * 100) : 0} % (${formatSize(done)} sur ${formatSize(total)})`;
          if (posted === null) {
            posted = this.#queue
              .run(target.roomId, () =>
                this.client.sendMessage(target.roomId, { msgtype: "m.notice", body, ...relatesTo(target) }),
              )
              .catch((error: unknown) => {
                this.#options.onInternalError?.(error);
                return null;
              });
          } else {
            edit(body);
          }
        },
        done: () => {
          if (finished) return;
          finished = true;
          edit(progressDone(label));
        },
      };
    };
  }

  async #answer(target: Target, result: DispatchResult): Promise<void> {
    if (result.status === "not-handled") return;
    if (result.status === "internal-error") this.#options.onInternalError?.(result.error);
    await this.#send(target, result.reply);
  }

  async #send(target: Target, message: Reply): Promise<void> {
    const rendered = renderMatrix(message);
    const eventId = await this.#queue.run(target.roomId, () =>
      this.client.sendMessage(target.roomId, { ...rendered.content, ...relatesTo(target) }),
    );
    if (rendered.choices.length > 0) this.#remember(target, eventId, rendered.choices);
  }

  /**
   * The last choices offered in a room, kept in memory and in the database (the SDK's storage), so
   * that « 2 » still works after a restart or when another process has taken over the sync.
   */
  #remember(target: Target, eventId: string, choices: string[]): void {
    const pending = { eventId, choices, target: { ...target, inReplyTo: eventId } };
    this.#pending.set(target.roomId, pending);
    void Promise.resolve(
      this.#options.storage.storeValue(`choices:${target.roomId}`, JSON.stringify(pending)),
    ).catch((error: unknown) => this.#options.onInternalError?.(error));
  }

  async #pendingIn(roomId: string): Promise<PendingChoices | undefined> {
    const known = this.#pending.get(roomId);
    if (known !== undefined) return known;
    const stored = await this.#options.storage.readValue(`choices:${roomId}`);
    if (typeof stored !== "string") return undefined;
    try {
      const parsed = pendingChoicesSchema.safeParse(JSON.parse(stored));
      if (!parsed.success) return undefined;
      const pending: PendingChoices = {
        eventId: parsed.data.eventId,
        choices: parsed.data.choices,
        target: {
          roomId: parsed.data.target.roomId,
          ...(parsed.data.target.inReplyTo !== undefined ? { inReplyTo: parsed.data.target.inReplyTo } : {}),
          ...(parsed.data.target.threadRoot !== undefined
            ? { threadRoot: parsed.data.target.threadRoot }
            : {}),
        },
      };
      this.#pending.set(roomId, pending);
      return pending;
    } catch {
      return undefined;
    }
  }

  #track(work: () => Promise<void>): Promise<void> {
    return this.#handlers.run(work);
  }
}

/** The SDK's client, saving the sync token once a sync's events have been handed over, not before. */
class BotClient extends MatrixClient {
  constructor(homeserverUrl: string, accessToken: string, storage: IStorageProvider) {
    super(homeserverUrl, accessToken, storage);
    this.persistTokenAfterSync = true;
  }
}

/** `m.relates_to` of an answer: in the question's thread, as a reply to it. */
function relatesTo(target: Target): Record<string, unknown> {
  if (target.threadRoot !== undefined) {
    return {
      "m.relates_to": {
        rel_type: "m.thread",
        event_id: target.threadRoot,
        is_falling_back: true,
        "m.in_reply_to": { event_id: target.inReplyTo ?? target.threadRoot },
      },
    };
  }
  return target.inReplyTo !== undefined
    ? { "m.relates_to": { "m.in_reply_to": { event_id: target.inReplyTo } } }
    : {};
}

/** A rich reply's body starts with the quoted lines of the message it answers (`> …`). */
function stripReplyFallback(body: string): string {
  const lines = body.split("\n");
  let index = 0;
  while (index < lines.length && lines[index]?.startsWith("> ")) index += 1;
  if (index > 0 && lines[index] === "") index += 1;
  return lines.slice(index).join("\n");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export { MATRIX_PREFIX };

/**
 * matrix-bot-sdk's logger over ours (component "matrix-sdk"). The SDK reports routine answers
 * (a 404 for account data not set yet) as errors: they are warnings here, the bot's own failures
 * are logged by the bot.
 */
function sdkLogger(log: Log): ILogger {
  const sdk = log.child({ component: "matrix-sdk" });
  const text = (module: string, parts: unknown[]) =>
    `${module}: ${parts.map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : JSON.stringify(p))).join(" ")}`;
  return {
    trace: (module, ...parts) => sdk.debug({}, text(module, parts)),
    debug: (module, ...parts) => sdk.debug({}, text(module, parts)),
    info: (module, ...parts) => sdk.info({}, text(module, parts)),
    warn: (module, ...parts) => sdk.warn({}, text(module, parts)),
    error: (module, ...parts) => sdk.warn({}, text(module, parts)),
  };
}
