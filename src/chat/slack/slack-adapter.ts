import type { Server } from "node:http";
import { App, type BlockAction, type Logger, LogLevel, type RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ProgressReporter } from "../../core/command.ts";
import type { Dispatch, DispatchResult } from "../../core/dispatch.ts";
import { prefixOf, readMessage } from "../../core/inbound.ts";
import type { Incoming } from "../../core/incoming.ts";
import type { Log } from "../../core/log.ts";
import { type Reply, reply, text } from "../../core/reply.ts";
import { SLACK_NO_SIGNING_SECRET, threadFiling } from "../../core/wording/chat.ts";
import { formatSize } from "../../filing/filing-service.ts";
import { type Delivery, PermanentFailure, RateLimited } from "../../scheduler/delivery.ts";
import { ChannelQueue, type ChannelQueueOptions, rateLimitDelayMs } from "../channel-queue.ts";
import type { ChatAdapter } from "../chat-adapter.ts";
import type { EventLedger } from "../event-ledger.ts";
import { HandlerPool } from "../work-limiter.ts";
import {
  ACTION_CHOICE,
  ACTION_DATE,
  ACTION_SELECT,
  ACTION_SHARE,
  renderSlack,
  type SlackBlock,
} from "./block-kit.ts";
import { type SlackFileObject, slackIncomingFile, unavailableReason } from "./slack-files.ts";
import { parseSlackMessage } from "./slack-payloads.ts";

export const SLACK_PLATFORM = "slack";
export const SLACK_PREFIX = prefixOf("slack");
/** Reminders carry their outbox key in the message metadata, to be found again (see `deliver`). */
export const REMINDER_EVENT_TYPE = "ctg_reminder";

/** Slack's errors after which posting again cannot help (the reminder is marked failed). */
const PERMANENT_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "account_inactive",
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "missing_scope",
  "restricted_action",
  "msg_too_long",
  "invalid_blocks",
]);

export interface SlackAdapterOptions {
  botToken: string;
  /** Required: requests whose signature does not check out, or older than 5 minutes, are refused. */
  signingSecret: string;
  /** An app-level token (xapp-…) selects Socket Mode; otherwise HTTP on `port`. */
  appToken?: string;
  /** HTTP mode: where the receiver listens (`/slack/events`). Default 3000 on all interfaces. */
  port?: number;
  host?: string;
  /** Base URL of the Web API (tests point it at a fake). */
  apiUrl?: string;
  handle: Dispatch;
  ledger: EventLedger;
  /** Whether a channel is bound to a territory: files are filed only there. */
  isBound: (channelId: string) => Promise<boolean>;
  /** Whether a word starts a command (`aide`, `ranger`…): a mention beginning with one runs it. */
  isCommandWord: (word: string) => boolean;
  clock: () => Date;
  queue?: ChannelQueueOptions;
  /** Commands, questions and files handled at once (the others wait their turn). Default 4. */
  workConcurrency?: number;
  /** Progress messages are updated at most this often. Default 2 s. */
  progressIntervalMs?: number;
  onInternalError?: (error: unknown) => void;
  logLevel?: LogLevel;
  /** Where Bolt's and the Web API client's own messages go (JSON logs); default: the console. */
  sdkLog?: Log;
}

interface PostTarget {
  channel: string;
  threadTs?: string;
}

/**
 * Slack through @slack/bolt: `/ctg` commands (acknowledged at once, answered ephemerally through
 * the response URL with a « Partager dans le canal » button), mentions and direct messages
 * (questions, answered in the thread), files posted in bound channels (filed, progress in one
 * message), buttons and selects (choices, date pickers), and reminders. Every event and click is
 * recorded in the ledger first, so a retry or a double delivery is never acted on twice.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = SLACK_PLATFORM;
  readonly app: App;
  readonly #options: SlackAdapterOptions;
  readonly #queue: ChannelQueue;
  #stopped: (() => void) | null = null;
  readonly #handlers: HandlerPool;

  constructor(options: SlackAdapterOptions) {
    if (options.signingSecret.trim() === "") {
      throw new Error(SLACK_NO_SIGNING_SECRET);
    }
    this.#options = options;
    this.#queue = new ChannelQueue(options.queue);
    this.#handlers = new HandlerPool(options.workConcurrency ?? 4, (error) =>
      options.onInternalError?.(error),
    );
    const clientOptions = {
      ...(options.apiUrl !== undefined ? { slackApiUrl: options.apiUrl } : {}),
      timeout: 10_000,
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 },
      rejectRateLimitedCalls: true,
    };
    const common = {
      token: options.botToken,
      clientOptions,
      logLevel: options.logLevel ?? LogLevel.WARN,
      ...(options.sdkLog !== undefined
        ? { logger: boltLogger(options.sdkLog, options.logLevel ?? LogLevel.WARN) }
        : {}),
      deferInitialization: true,
    };
    this.app =
      options.appToken !== undefined
        ? new App({
            ...common,
            appToken: options.appToken,
            socketMode: true,
            // apps.connections.open goes through the receiver's own client.
            ...(options.apiUrl !== undefined
              ? { installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } } }
              : {}),
          })
        : new App({ ...common, signingSecret: options.signingSecret, processBeforeResponse: false });
    this.#listen();
  }

  get client(): WebClient {
    return this.app.client;
  }

  /** Checks the token (auth.test) and starts receiving; the HTTP port actually bound, if any. */
  async start(): Promise<{ port: number | null }> {
    await this.app.init();
    if (this.#options.appToken !== undefined) {
      await this.app.start();
      return { port: null };
    }
    const server = (await this.app.start({
      port: this.#options.port ?? 3000,
      ...(this.#options.host !== undefined ? { host: this.#options.host } : {}),
    })) as Server;
    const address = server.address();
    return { port: typeof address === "object" && address !== null ? address.port : null };
  }

  async run(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.#stopped = resolve;
    });
    await this.start();
    await stopped;
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.idle();
    this.#stopped?.();
  }

  /** For /readyz: the token still works and Slack answers (auth.test). */
  async ready(): Promise<void> {
    await this.client.auth.test();
  }

  /** A message the bot starts (a filing notice): posted in the channel, in its turn. */
  async post(channelId: string, message: Reply): Promise<void> {
    await this.#postMessage({ channel: channelId }, message);
  }

  /**
   * A reminder. With `uncertain` (an earlier try may have posted it before its process stopped),
   * the channel's recent messages are searched for its key first. 429 → RateLimited; an error that
   * retrying cannot fix → PermanentFailure; anything else is retried by the sender.
   */
  async deliver(delivery: Delivery): Promise<void> {
    const channel = delivery.channelId;
    try {
      if (delivery.uncertain && (await this.#alreadyPosted(channel, delivery.key))) return;
      const rendered = renderSlack(delivery.reply, { prefix: SLACK_PREFIX });
      await this.#queue.run(
        channel,
        () =>
          this.client.chat.postMessage({
            channel,
            text: rendered.text,
            blocks: rendered.blocks as never,
            metadata: { event_type: REMINDER_EVENT_TYPE, event_payload: { key: delivery.key } },
            unfurl_links: false,
          }),
        { retryRateLimited: false },
      );
    } catch (error) {
      const retryAfter = rateLimitDelayMs(error);
      if (retryAfter !== null) throw new RateLimited(retryAfter, "Slack: ratelimited");
      const code = platformError(error);
      if (code !== null && PERMANENT_ERRORS.has(code)) throw new PermanentFailure(`Slack: ${code}`);
      throw error;
    }
  }

  async #alreadyPosted(channel: string, key: string): Promise<boolean> {
    const history = await this.#queue.run(
      channel,
      () => this.client.conversations.history({ channel, limit: 200, include_all_metadata: true }),
      { retryRateLimited: false },
    );
    return (history.messages ?? []).some(
      (m) =>
        m.metadata?.event_type === REMINDER_EVENT_TYPE &&
        (m.metadata.event_payload as Record<string, unknown> | undefined)?.key === key,
    );
  }

  #listen(): void {
    const app = this.app;
    app.command(SLACK_PREFIX, async ({ command, ack, respond }) => {
      await ack();
      await this.#guard(async () => {
        const result = await this.#options.handle({
          kind: "command",
          text: command.text,
          platform: SLACK_PLATFORM,
          channelId: command.channel_id,
          userId: command.user_id,
          receivedAt: this.#options.clock(),
        });
        await this.#respondEphemeral(respond, result, command.text);
      });
    });

    app.event("app_mention", async ({ event, body, context }) => {
      await this.#guard(async () => {
        if (!(await this.#firstTime(`event:${eventId(body)}`))) return;
        // A mention with files is also a `file_share` message: filed there, not twice.
        if ((parseSlackMessage(event)?.files?.length ?? 0) > 0) return;
        const said = stripMention(event.text ?? "", context.botUserId);
        if (/^ranger\b/i.test(said) && event.thread_ts !== undefined) {
          await this.#fileThreadRoot(event.channel, event.thread_ts, event.user ?? "", said, event.ts);
          return;
        }
        const target = { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
        await this.#askInThread(target, event.user ?? "", said, event.ts);
      });
    });

    app.event("message", async ({ event, body }) => {
      await this.#guard(async () => {
        const message = parseSlackMessage(event);
        if (
          message === null ||
          message.channel === undefined ||
          message.bot_id !== undefined ||
          (message.subtype !== undefined && message.subtype !== "file_share")
        )
          return;
        const files = message.files ?? [];
        const isIm = message.channel_type === "im";
        // In channels, only files concern the bot (questions there come as mentions).
        if (!isIm && files.length === 0) return;
        if (!isIm && !(await this.#options.isBound(message.channel))) return;
        if (!(await this.#firstTime(`event:${eventId(body)}`))) return;
        const said = (message.text ?? "").trim();
        if (files.length > 0) {
          await this.#fileMessage(
            message.channel,
            message.ts,
            message.thread_ts,
            message.user ?? "",
            said,
            files,
          );
          return;
        }
        await this.#askInThread(
          { channel: message.channel, threadTs: message.thread_ts ?? message.ts },
          message.user ?? "",
          said,
          message.ts,
        );
      });
    });

    app.action(
      new RegExp(`^(${ACTION_CHOICE}|${ACTION_SELECT}|${ACTION_DATE}|${ACTION_SHARE})`),
      async ({ ack, body, action, respond }) => {
        await ack();
        await this.#guard(() => this.#onAction(body as BlockAction, action as ActionElement, respond));
      },
    );

    app.error(async (error) => {
      this.#options.onInternalError?.(error);
    });
  }

  /** A message to the bot: a command when its first word is one, else a question; answered in the thread. */
  async #askInThread(
    target: PostTarget & { threadTs: string },
    user: string,
    said: string,
    ts: string,
  ): Promise<void> {
    const read = readMessage(said, {
      prefixes: [SLACK_PREFIX],
      isCommandWord: this.#options.isCommandWord,
      addressed: true,
    });
    if (read === null) return;
    const incoming: Incoming = {
      ...read,
      platform: SLACK_PLATFORM,
      channelId: target.channel,
      userId: user,
      threadId: target.threadTs,
      messageId: ts,
      receivedAt: this.#options.clock(),
    };
    await this.#answer(target, await this.#options.handle(incoming));
  }

  async #onAction(body: BlockAction, action: ActionElement, respond: RespondFn): Promise<void> {
    const channel = body.channel?.id ?? body.container?.channel_id;
    const messageTs: string | undefined = body.container?.message_ts ?? body.message?.ts;
    if (channel === undefined) return;
    const chosen = chosenCommand(action);
    if (chosen === null) return;
    const dedupeKey = `action:${channel}:${messageTs ?? "?"}:${action.action_id}:${body.user.id}:${chosen.command}`;
    if (!(await this.#firstTime(dedupeKey))) return;
    const ephemeral = body.container?.is_ephemeral === true;
    const incoming: Incoming = {
      kind: "command",
      text: chosen.command,
      platform: SLACK_PLATFORM,
      channelId: channel,
      userId: body.user.id,
      ...(messageTs !== undefined ? { messageId: messageTs } : {}),
      receivedAt: this.#options.clock(),
    };
    if (action.action_id.startsWith(ACTION_SHARE)) {
      const result = await this.#options.handle(incoming);
      if (result.status === "not-handled") return;
      await this.#postMessage({ channel }, result.reply);
      await respond({ delete_original: true });
      return;
    }
    const threadTs = body.message?.thread_ts ?? messageTs;
    const result = await this.#options.handle(incoming);
    if (ephemeral) {
      await this.#respondEphemeral(respond, result, chosen.command, true);
      return;
    }
    // The message keeps its content; its buttons give way to who chose what.
    if (body.message !== undefined && messageTs !== undefined) {
      const kept = ((body.message.blocks ?? []) as SlackBlock[]).filter((b) => b.type !== "actions");
      kept.push({
        type: "context",
        elements: [{ type: "mrkdwn", text: `Choix de <@${body.user.id}> : ${chosen.label}` }],
      });
      await this.#queue.run(channel, () =>
        this.client.chat.update({
          channel,
          ts: messageTs,
          text: (body.message?.text as string | undefined) ?? chosen.label,
          blocks: kept as never,
        }),
      );
    }
    await this.#answer({ channel, ...(threadTs !== undefined ? { threadTs } : {}) }, result);
  }

  async #fileThreadRoot(
    channel: string,
    threadTs: string,
    user: string,
    said: string,
    ts: string,
  ): Promise<void> {
    const replies = await this.#queue.run(channel, () =>
      this.client.conversations.replies({ channel, ts: threadTs, limit: 1 }),
    );
    const root = parseSlackMessage(replies.messages?.[0]) ?? undefined;
    const files = root?.files ?? [];
    if (files.length === 0) {
      await this.#postMessage({ channel, threadTs }, reply(text(threadFiling.noFile)));
      return;
    }
    const indications = said.replace(/^ranger\s*/i, "");
    await this.#fileMessage(channel, threadTs, threadTs, user, indications || (root?.text ?? ""), files, ts);
  }

  /** Files the files of one message, one after the other, each answered in the message's thread. */
  async #fileMessage(
    channel: string,
    ts: string,
    threadTs: string | undefined,
    user: string,
    said: string,
    files: SlackFileObject[],
    messageId: string = ts,
  ): Promise<void> {
    const target = { channel, threadTs: threadTs ?? ts };
    for (const file of files) {
      const reason = unavailableReason(file);
      if (reason !== null) {
        await this.#postMessage(
          target,
          reply(text(threadFiling.cannotFile(file.name ?? file.title, reason))),
        );
        continue;
      }
      const result = await this.#options.handle({
        kind: "question",
        text: said,
        platform: SLACK_PLATFORM,
        channelId: channel,
        userId: user,
        threadId: target.threadTs,
        messageId,
        files: [slackIncomingFile(file, { botToken: this.#options.botToken })],
        progress: this.#progress(target),
        receivedAt: this.#options.clock(),
      });
      await this.#answer(target, result);
    }
  }

  /** One message in the thread, updated as the upload goes on, deleted once it is over. */
  #progress(target: PostTarget): ProgressReporter {
    const interval = this.#options.progressIntervalMs ?? 2000;
    return (label) => {
      let posted: Promise<string | null> | null = null;
      let lastAt = Number.NEGATIVE_INFINITY;
      let finished = false;
      const ensure = (body: string): Promise<string | null> => {
        posted ??= this.#queue
          .run(target.channel, () =>
            this.client.chat.postMessage({
              channel: target.channel,
              text: body,
              ...(target.threadTs !== undefined ? { thread_ts: target.threadTs } : {}),
            }),
          )
          .then((r) => r.ts ?? null)
          .catch((error: unknown) => {
            this.#options.onInternalError?.(error);
            return null;
          });
        return posted;
      };
      return {
        update: (done, total) => {
          const now = this.#options.clock().getTime();
          if (finished || now - lastAt < interval) return;
          lastAt = now;
          const body = `${label} : ${total > 0 ? Math.floor((done / total) * 100) : 0} % (${formatSize(done)} sur ${formatSize(total)})`;
          const first = posted === null;
          void ensure(body).then(async (ts) => {
            if (first || ts === null || finished) return;
            await this.#queue
              .run(target.channel, () => this.client.chat.update({ channel: target.channel, ts, text: body }))
              .catch((error: unknown) => this.#options.onInternalError?.(error));
          });
        },
        done: () => {
          finished = true;
          void posted?.then(async (ts) => {
            if (ts === null) return;
            await this.#queue
              .run(target.channel, () => this.client.chat.delete({ channel: target.channel, ts }))
              .catch((error: unknown) => this.#options.onInternalError?.(error));
          });
        },
      };
    };
  }

  async #answer(target: PostTarget, result: DispatchResult): Promise<void> {
    if (result.status === "not-handled") return;
    if (result.status === "internal-error") this.#options.onInternalError?.(result.error);
    await this.#postMessage(target, result.reply);
  }

  async #respondEphemeral(
    respond: RespondFn,
    result: DispatchResult,
    commandText: string,
    replaceOriginal = false,
  ): Promise<void> {
    if (result.status === "not-handled") return;
    if (result.status === "internal-error") this.#options.onInternalError?.(result.error);
    const rendered = renderSlack(result.reply, {
      prefix: SLACK_PREFIX,
      // Only a successful answer is worth sharing.
      ...(result.status === "ok" ? { shareCommand: commandText } : {}),
    });
    await respond({
      response_type: "ephemeral",
      replace_original: replaceOriginal,
      text: rendered.text,
      blocks: rendered.blocks as never,
    });
  }

  async #postMessage(target: PostTarget, message: Reply): Promise<void> {
    const rendered = renderSlack(message, { prefix: SLACK_PREFIX });
    await this.#queue.run(target.channel, () =>
      this.client.chat.postMessage({
        channel: target.channel,
        text: rendered.text,
        blocks: rendered.blocks as never,
        unfurl_links: false,
        ...(target.threadTs !== undefined ? { thread_ts: target.threadTs } : {}),
      }),
    );
  }

  async #firstTime(key: string): Promise<boolean> {
    return this.#options.ledger.firstTime(SLACK_PLATFORM, key);
  }

  /** A listener's work, behind the pool; its failure goes to the operator (Slack has its ack). */
  #guard(work: () => Promise<void>): Promise<void> {
    return this.#handlers.run(work);
  }

  /** Resolves once every event and click received so far has been handled (tests, shutdown). */
  idle(): Promise<void> {
    return this.#handlers.idle();
  }
}

interface ActionElement {
  type: string;
  action_id: string;
  block_id?: string;
  value?: string;
  text?: { text?: string };
  selected_option?: { value?: string; text?: { text?: string } };
  selected_date?: string;
}

/** The command behind a click: a button's value, a select's option, a date put in its template. */
export function chosenCommand(action: ActionElement): { command: string; label: string } | null {
  if (action.type === "button" && action.value !== undefined) {
    return { command: action.value, label: action.text?.text ?? action.value };
  }
  if (action.type === "static_select" && action.selected_option?.value !== undefined) {
    const value = action.selected_option.value;
    return { command: value, label: action.selected_option.text?.text ?? value };
  }
  if (action.type === "datepicker" && action.selected_date !== undefined) {
    const template = action.block_id?.startsWith(`${ACTION_DATE}|`)
      ? action.block_id.slice(ACTION_DATE.length + 1)
      : null;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(action.selected_date);
    if (template === null || m === null) return null;
    const date = `${m[3]}/${m[2]}/${m[1]}`;
    return { command: template.replace("{date}", date), label: date };
  }
  return null;
}

/** The text of a mention without the bot's `<@U…>` (and any leading punctuation). */
export function stripMention(said: string, botUserId: string | undefined): string {
  const mention = botUserId !== undefined ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g") : /^<@[^>]+>/;
  return said
    .replace(mention, " ")
    .replace(/^[\s,:]+/, "")
    .replace(/\s+/g, " ")
    .trim();
}

function eventId(body: unknown): string {
  const id = (body as { event_id?: unknown }).event_id;
  return typeof id === "string" ? id : "unknown";
}

function platformError(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { code?: unknown; data?: { error?: unknown } };
  return e.code === "slack_webapi_platform_error" && typeof e.data?.error === "string" ? e.data.error : null;
}

/** Bolt's `Logger` over ours: its messages become JSON lines (component "slack-sdk"). */
function boltLogger(log: Log, initial: LogLevel): Logger {
  const sdk = log.child({ component: "slack-sdk" });
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  let level = initial;
  const at = (wanted: LogLevel) => order.indexOf(wanted) >= order.indexOf(level);
  const text = (parts: unknown[]) =>
    parts
      .map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : JSON.stringify(p)))
      .join(" ");
  return {
    debug: (...parts) => void (at(LogLevel.DEBUG) && sdk.debug({}, text(parts))),
    info: (...parts) => void (at(LogLevel.INFO) && sdk.info({}, text(parts))),
    warn: (...parts) => void (at(LogLevel.WARN) && sdk.warn({}, text(parts))),
    error: (...parts) => void (at(LogLevel.ERROR) && sdk.error({}, text(parts))),
    setLevel: (wanted) => {
      level = wanted;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
