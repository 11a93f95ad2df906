import { type IStorageProvider, LogLevel, LogService, MatrixClient } from "matrix-bot-sdk";
import { type Delivery, PermanentFailure, RateLimited } from "../../core/delivery.ts";
import { type ChatAdapter, type PostOptions, replyInPlace } from "../../core/inbound/chat-port.ts";
import type { Inbound, InboundFile, InboundPipeline, ThreadStart } from "../../core/inbound/pipeline.ts";
import type { Log } from "../../core/log.ts";
import type { Reply } from "../../core/reply.ts";
import { alwaysLeader, type LeaderCallbacks, type SyncLeader } from "../../core/sync-leader.ts";
import { matrixFileUnavailable } from "../../core/wording/chat.ts";
import { ChannelQueue, type ChannelQueueOptions } from "../channel-queue.ts";
import { HandlerPool } from "../work-limiter.ts";
import {
  fileContentSchema,
  mentionedUsers,
  type RoomEvent,
  relationOf,
  roomEventOf,
  textContentSchema,
} from "./matrix-content.ts";
import { captionOf, matrixIncomingFile } from "./matrix-files.ts";
import {
  escapeRegExp,
  matrixRateLimitDelay,
  PERMANENT_ERRORS,
  relatesTo,
  sdkLogger,
  stripReplyFallback,
  transactionIdFor,
} from "./matrix-wire.ts";
import { MATRIX_PREFIX, renderMatrix } from "./render-matrix.ts";

export { MATRIX_PREFIX, matrixRateLimitDelay, transactionIdFor };

export const MATRIX_PLATFORM = "matrix";

const FILE_TYPES = new Set(["m.file", "m.image", "m.video", "m.audio"]);

export interface MatrixAdapterOptions {
  homeserverUrl: string;
  /** The bot account's access token (created once; no login at each start). */
  accessToken: string;
  /** Sync token and filter: in our database (PrismaMatrixStorage); `flush` at stop, if it writes behind. */
  storage: IStorageProvider & { flush?(): Promise<void> };
  /** Where every message goes (`src/core/inbound/pipeline.ts`): the rules are there, not here. */
  pipeline: InboundPipeline;
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
  onInternalError?: (error: unknown) => void;
  /**
   * Who runs the sync loop when several processes share the account: PostgreSQL elects one
   * (sync-leader.ts). Default: this process, always (the embedded database has only one).
   */
  leader?: (callbacks: LeaderCallbacks) => Promise<SyncLeader>;
  /** Where matrix-bot-sdk's own messages go (JSON logs); default: the console. */
  sdkLog?: Log;
}

/**
 * Matrix (and Tchap) through matrix-bot-sdk, as transport only: room events become `Inbound`s for
 * the pipeline (messages with their mention, files, reactions, encrypted events), answers are
 * `m.notice` (HTML and plain text) in the thread of the question, edits are `m.replace`, reminders
 * are sent with a transaction id derived from their key. The adapter drops what is not a fresh
 * message from someone else — its own events, notices, edits, events older than its start or than
 * its (re)join, redacted ones; everything else is the pipeline's to decide.
 */
export class MatrixAdapter implements ChatAdapter {
  readonly platform = MATRIX_PLATFORM;
  readonly client: MatrixClient;
  readonly #options: MatrixAdapterOptions;
  readonly #queue: ChannelQueue;
  readonly #handlers: HandlerPool;
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
    // A room's messages go out in order, one at a time. Homeservers limit an account's messages
    // (Synapse: `rc_message`, per account, not per room) and say so with M_LIMIT_EXCEEDED and its
    // `retry_after_ms`, which the queue waits out; a fixed pace per room would only slow answers.
    this.#queue = new ChannelQueue({ rateLimitDelay: matrixRateLimitDelay, intervalMs: 0, ...options.queue });
    this.#handlers = new HandlerPool(options.workConcurrency ?? 4, (error) =>
      options.onInternalError?.(error),
    );
    const on = (name: string, act: (roomId: string, event: RoomEvent) => Promise<void>) =>
      this.client.on(name, (roomId: unknown, payload: unknown) => {
        const event = roomEventOf(payload);
        if (typeof roomId === "string" && event !== null) void this.#track(() => act(roomId, event));
      });
    on("room.message", (roomId, event) => this.#onMessage(roomId, event));
    on("room.event", async (roomId, event) => {
      // Someone joined or left: a direct chat may have become a group (or the other way round).
      if (event.type === "m.room.member") this.#memberCounts.delete(roomId);
      if (event.type === "m.reaction") await this.#onReaction(roomId, event);
      if (event.type === "m.room.encrypted" && this.#fresh(roomId, event)) {
        await this.#hand({ ...this.#base(roomId, event), event: { type: "unreadable" } }, { roomId });
      }
    });
    this.client.on("room.join", (roomId: unknown, payload: unknown) => {
      const event = roomEventOf(payload);
      if (typeof roomId === "string" && event !== null) this.#joinedAt.set(roomId, event.origin_server_ts);
    });
    on("room.invite", (roomId, event) => this.#onInvite(roomId, event));
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
    await this.#options.storage.flush?.();
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

  async post(roomId: string, message: Reply, options: PostOptions = {}): Promise<string | null> {
    const rendered = renderMatrix(message);
    return this.#queue.run(roomId, () =>
      this.client.sendMessage(roomId, { ...rendered.content, ...relatesTo(options) }),
    );
  }

  /** An edit (`m.replace`): clients show the new content in place of the old. */
  async edit(roomId: string, eventId: string, message: Reply): Promise<void> {
    const { content } = renderMatrix(message);
    await this.#queue.run(roomId, () =>
      this.client.sendMessage(roomId, {
        ...content,
        body: `* ${content.body}`,
        "m.new_content": content,
        "m.relates_to": { rel_type: "m.replace", event_id: eventId },
      }),
    );
  }

  /** A reaction (`m.annotation`). */
  async react(roomId: string, eventId: string, key: string): Promise<void> {
    await this.#queue.run(roomId, () =>
      this.client.sendEvent(roomId, "m.reaction", {
        "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key },
      }),
    );
  }

  /**
   * A reminder, sent with a transaction id derived from its key (PUT …/send/m.room.message/{txnId}):
   * if an earlier try was posted before its process stopped, the homeserver answers with that
   * same event instead of a second one — an uncertain delivery needs nothing more.
   */
  async deliver(delivery: Delivery): Promise<string | null> {
    const rendered = renderMatrix(delivery.reply);
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(delivery.channelId)}/send/m.room.message/${transactionIdFor(delivery.key)}`;
    try {
      const sent: unknown = await this.#queue.run(
        delivery.channelId,
        () => this.client.doRequest("PUT", path, null, rendered.content),
        { retryRateLimited: false },
      );
      const eventId = typeof sent === "object" && sent !== null ? Reflect.get(sent, "event_id") : undefined;
      return typeof eventId === "string" ? eventId : null;
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

  /** Whether to hand an event on: not ours, not older than the start or than our (re)join, not redacted. */
  #fresh(roomId: string, event: RoomEvent): boolean {
    if (event.sender === this.#userId) return false;
    if (event.origin_server_ts < this.#startedAt) return false;
    // A re-join shows the room's recent history: none of it was addressed to the bot.
    if (event.origin_server_ts < (this.#joinedAt.get(roomId) ?? 0)) return false;
    return event.unsigned?.redacted_because === undefined;
  }

  #base(roomId: string, event: RoomEvent) {
    return {
      platform: MATRIX_PLATFORM,
      channelId: roomId,
      userId: event.sender,
      messageId: event.event_id,
      receivedAt: this.#options.clock(),
      eventKey: `event:${event.event_id}`,
    };
  }

  async #onMessage(roomId: string, event: RoomEvent): Promise<void> {
    const parsed = textContentSchema.safeParse(event.content);
    if (!parsed.success || parsed.data.msgtype === "m.notice") return;
    const relation = relationOf(event.content);
    if (relation?.rel_type === "m.replace") return; // an edit: the original was handled
    if (!this.#fresh(roomId, event)) return;
    const threadRoot = relation?.rel_type === "m.thread" ? relation.event_id : undefined;
    const base = {
      ...this.#base(roomId, event),
      ...(threadRoot !== undefined ? { threadId: threadRoot } : {}),
    };
    const direct = () => this.#isDirect(roomId);
    const threadStart =
      threadRoot === undefined ? {} : { threadStart: () => this.#threadStart(roomId, threadRoot) };
    const { msgtype } = parsed.data;
    if (FILE_TYPES.has(msgtype)) {
      const file = fileContentSchema.safeParse(event.content);
      const files: InboundFile[] = file.success
        ? [matrixIncomingFile(file.data, this.#options)]
        : [{ unavailable: matrixFileUnavailable.unreadableEvent }];
      const caption = file.success ? captionOf(file.data) : "";
      await this.#hand(
        { ...base, event: { type: "message", text: caption, mentioned: false, direct, files } },
        { roomId },
      );
      return;
    }
    if (msgtype !== "m.text" && msgtype !== "m.emote") return;
    const body = stripReplyFallback(parsed.data.body ?? "");
    const mentioned = this.#mentions(event.content, body);
    const said = mentioned ? this.#withoutMention(body) : body;
    await this.#hand(
      { ...base, event: { type: "message", text: said, mentioned, direct, ...threadStart } },
      { roomId },
    );
  }

  async #onReaction(roomId: string, event: RoomEvent): Promise<void> {
    const relation = relationOf(event.content);
    if (relation?.rel_type !== "m.annotation" || relation.key === undefined) return;
    if (relation.event_id === undefined || !this.#fresh(roomId, event)) return;
    await this.#hand(
      { ...this.#base(roomId, event), event: { type: "reaction", key: relation.key, on: relation.event_id } },
      { roomId, inReplyTo: relation.event_id },
    );
  }

  /** Hands an inbound to the pipeline with the way to answer it (in reply, in its thread). */
  async #hand(inbound: Inbound, where: { roomId: string; inReplyTo?: string }): Promise<void> {
    const responder = replyInPlace(
      this,
      inbound,
      where.inReplyTo !== undefined ? { inReplyTo: where.inReplyTo } : {},
    );
    await this.#options.pipeline.handle(inbound, responder);
  }

  /** The first event of a thread, with its file if it has one. */
  async #threadStart(roomId: string, rootId: string): Promise<ThreadStart | null> {
    const root = roomEventOf(await this.client.getEvent(roomId, rootId));
    if (root === null) return null;
    const file = fileContentSchema.safeParse(root.content);
    const msgtype = typeof root.content.msgtype === "string" ? root.content.msgtype : "";
    if (!file.success || !FILE_TYPES.has(msgtype)) {
      const body = typeof root.content.body === "string" ? root.content.body : "";
      return { text: body, files: [] };
    }
    return { text: captionOf(file.data), files: [matrixIncomingFile(file.data, this.#options)] };
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
