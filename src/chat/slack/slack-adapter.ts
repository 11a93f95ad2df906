import type { Server } from "node:http";
import type { App, LogLevel, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { type Delivery, PermanentFailure, RateLimited } from "../../core/delivery.ts";
import { type ChatAdapter, type PostOptions, replyInPlace } from "../../core/inbound/chat-port.ts";
import type { Inbound, InboundFile, InboundPipeline, ThreadStart } from "../../core/inbound/pipeline.ts";
import { prefixOf } from "../../core/inbound/read-message.ts";
import type { Log } from "../../core/log.ts";
import type { Reply } from "../../core/reply.ts";
import { choiceMade, SLACK_NO_SIGNING_SECRET } from "../../core/wording/chat.ts";
import { ChannelQueue, type ChannelQueueOptions, rateLimitDelayMs } from "../channel-queue.ts";
import { HandlerPool } from "../work-limiter.ts";
import {
  ACTION_CHOICE,
  ACTION_DATE,
  ACTION_SELECT,
  ACTION_SHARE,
  renderSlack,
  type SlackBlock,
} from "./block-kit.ts";
import { chosenCommand, emojiOfSlackName, slackEmojiName, stripMention } from "./slack-actions.ts";
import { boltApp } from "./slack-bolt.ts";
import { type SlackFileObject, slackIncomingFile, unavailableReason } from "./slack-files.ts";
import {
  actionElementSchema,
  blockActionSchema,
  eventIdOf,
  parseSlackMessage,
  reactionAddedSchema,
  reminderKeyOf,
} from "./slack-payloads.ts";
import { ephemeralResponder, PERMANENT_ERRORS, platformError } from "./slack-wire.ts";

export const SLACK_PLATFORM = "slack";
export const SLACK_PREFIX = prefixOf("slack");
/** Reminders carry their outbox key in the message metadata, to be found again (see `deliver`). */
export const REMINDER_EVENT_TYPE = "ctg_reminder";

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
  /** Where every message goes (`src/core/inbound/pipeline.ts`): the rules are there, not here. */
  pipeline: InboundPipeline;
  clock: () => Date;
  queue?: ChannelQueueOptions;
  /** Commands, questions and files handled at once (the others wait their turn). Default 4. */
  workConcurrency?: number;
  onInternalError?: (error: unknown) => void;
  logLevel?: LogLevel;
  /** Where Bolt's and the Web API client's own messages go (JSON logs); default: the console. */
  sdkLog?: Log;
}

/**
 * Slack through @slack/bolt, as transport only: `/ctg` commands (acknowledged at once, answered
 * ephemerally through the response URL with a « Partager dans le canal » button), mentions,
 * messages and files, clicks on buttons and selects, reactions — each becomes an `Inbound` for the
 * pipeline, which decides; answers are rendered in Block Kit, in the thread of the message.
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
    this.app = boltApp({
      ...options,
      ...(options.onInternalError !== undefined ? { onReceiverError: options.onInternalError } : {}),
    });
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

  /** A message, in its channel's turn (rate limits are per channel). */
  async post(channelId: string, message: Reply, options: PostOptions = {}): Promise<string | null> {
    const rendered = renderSlack(message, { prefix: SLACK_PREFIX });
    const posted = await this.#queue.run(channelId, () =>
      this.client.chat.postMessage({
        channel: channelId,
        text: rendered.text,
        blocks: rendered.blocks as never,
        unfurl_links: false,
        ...(options.threadId !== undefined ? { thread_ts: options.threadId } : {}),
      }),
    );
    return posted.ts ?? null;
  }

  async edit(channelId: string, ts: string, message: Reply): Promise<void> {
    const rendered = renderSlack(message, { prefix: SLACK_PREFIX });
    await this.#queue.run(channelId, () =>
      this.client.chat.update({
        channel: channelId,
        ts,
        text: rendered.text,
        blocks: rendered.blocks as never,
      }),
    );
  }

  async react(channelId: string, ts: string, key: string): Promise<void> {
    await this.#queue.run(channelId, () =>
      this.client.reactions.add({ channel: channelId, timestamp: ts, name: slackEmojiName(key) }),
    );
  }

  /**
   * A reminder. With `uncertain` (an earlier try may have posted it before its process stopped),
   * the channel's recent messages are searched for its key first. 429 → RateLimited; an error that
   * retrying cannot fix → PermanentFailure; anything else is retried by the sender.
   */
  async deliver(delivery: Delivery): Promise<string | null> {
    const channel = delivery.channelId;
    try {
      if (delivery.uncertain && (await this.#alreadyPosted(channel, delivery.key))) return null;
      const rendered = renderSlack(delivery.reply, { prefix: SLACK_PREFIX });
      const posted = await this.#queue.run(
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
      return posted.ts ?? null;
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
        m.metadata?.event_type === REMINDER_EVENT_TYPE && reminderKeyOf(m.metadata.event_payload) === key,
    );
  }

  #listen(): void {
    const app = this.app;
    app.command(SLACK_PREFIX, async ({ command, ack, respond }) => {
      await ack();
      await this.#guard(() =>
        this.#options.pipeline.handle(
          {
            ...this.#base(command.channel_id, command.user_id, null),
            event: { type: "command", text: command.text },
          },
          ephemeralResponder(respond, false),
        ),
      );
    });

    app.event("app_mention", async ({ event, body, context }) => {
      await this.#guard(async () => {
        const mention = parseSlackMessage(event);
        // A mention with files is also a `file_share` message: filed there, not twice.
        if (mention?.channel === undefined || (mention.files?.length ?? 0) > 0) return;
        const threadTs = mention.thread_ts;
        const inbound: Inbound = {
          ...this.#base(mention.channel, mention.user ?? "", eventIdOf(body), mention.ts, threadTs),
          event: {
            type: "message",
            text: stripMention(mention.text ?? "", context.botUserId),
            mentioned: true,
            ...(threadTs !== undefined
              ? { threadStart: () => this.#threadStart(mention.channel ?? "", threadTs) }
              : {}),
          },
        };
        await this.#options.pipeline.handle(
          inbound,
          replyInPlace(this, inbound, { threadFromMessage: true }),
        );
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
        const direct = message.channel_type === "im";
        const inbound: Inbound = {
          ...this.#base(message.channel, message.user ?? "", eventIdOf(body), message.ts, message.thread_ts),
          event: {
            type: "message",
            text: message.text ?? "",
            mentioned: false,
            direct: async () => direct,
            files: (message.files ?? []).map((file) => this.#file(file)),
          },
        };
        await this.#options.pipeline.handle(
          inbound,
          replyInPlace(this, inbound, { threadFromMessage: true }),
        );
      });
    });

    app.event("reaction_added", async ({ event, body }) => {
      await this.#guard(async () => {
        const parsed = reactionAddedSchema.safeParse(event);
        if (!parsed.success) return;
        const { item, user, reaction } = parsed.data;
        if (item.type !== "message" || item.channel === undefined || item.ts === undefined) return;
        const inbound: Inbound = {
          ...this.#base(item.channel, user, eventIdOf(body)),
          event: { type: "reaction", key: emojiOfSlackName(reaction), on: item.ts },
        };
        await this.#options.pipeline.handle(
          inbound,
          replyInPlace(this, { channelId: item.channel, messageId: item.ts }, { threadFromMessage: true }),
        );
      });
    });

    app.action(
      new RegExp(`^(${ACTION_CHOICE}|${ACTION_SELECT}|${ACTION_DATE}|${ACTION_SHARE})`),
      async ({ ack, body, action, respond }) => {
        await ack();
        await this.#guard(() => this.#onAction(body, action, respond));
      },
    );

    app.error(async (error) => {
      this.#options.onInternalError?.(error);
    });
  }

  #base(channelId: string, userId: string, eventId: string | null, ts?: string, threadTs?: string) {
    return {
      platform: SLACK_PLATFORM,
      channelId,
      userId,
      receivedAt: this.#options.clock(),
      eventKey: eventId === null ? null : `event:${eventId}`,
      ...(ts !== undefined ? { messageId: ts } : {}),
      ...(threadTs !== undefined ? { threadId: threadTs } : {}),
    };
  }

  #file(file: SlackFileObject): InboundFile {
    const reason = unavailableReason(file);
    const name = file.name ?? file.title;
    if (reason !== null) return { ...(name !== undefined ? { name } : {}), unavailable: reason };
    return slackIncomingFile(file, { botToken: this.#options.botToken });
  }

  /** The thread's first message: its text and files (« ranger » in the thread files them). */
  async #threadStart(channel: string, threadTs: string): Promise<ThreadStart | null> {
    const replies = await this.#queue.run(channel, () =>
      this.client.conversations.replies({ channel, ts: threadTs, limit: 1 }),
    );
    const root = parseSlackMessage(replies.messages?.[0]);
    if (root === null) return null;
    return { text: root.text ?? "", files: (root.files ?? []).map((file) => this.#file(file)) };
  }

  /** A click: on a private answer, answered privately; on a message, its buttons give way to the choice. */
  async #onAction(payload: unknown, element: unknown, respond: RespondFn): Promise<void> {
    const body = blockActionSchema.safeParse(payload);
    const action = actionElementSchema.safeParse(element);
    if (!body.success || !action.success) return;
    const { user, container, message } = body.data;
    const channel = body.data.channel?.id ?? container?.channel_id;
    const chosen = chosenCommand(action.data);
    if (channel === undefined || chosen === null) return;
    const messageTs = container?.message_ts ?? message?.ts;
    const threadTs = message?.thread_ts ?? messageTs;
    const inbound: Inbound = {
      ...this.#base(channel, user.id, null, messageTs, threadTs),
      eventKey: `action:${channel}:${messageTs ?? "?"}:${action.data.action_id}:${user.id}:${chosen.command}`,
      event: { type: "command", text: chosen.command },
    };
    if (action.data.action_id.startsWith(ACTION_SHARE)) {
      // « Partager dans le canal »: the answer goes to the channel, the private one goes away.
      await this.#options.pipeline.handle(inbound, {
        send: async (answer) => {
          const ts = await this.post(channel, answer);
          await respond({ delete_original: true });
          return ts;
        },
      });
      return;
    }
    if (container?.is_ephemeral === true) {
      await this.#options.pipeline.handle(inbound, ephemeralResponder(respond, true));
      return;
    }
    const answer = replyInPlace(this, inbound);
    await this.#options.pipeline.handle(inbound, {
      ...answer,
      send: async (reply, how) => {
        // The message keeps its content; its buttons give way to who chose what.
        if (message !== undefined && messageTs !== undefined) {
          const kept: SlackBlock[] = (message.blocks ?? []).filter((b) => b.type !== "actions");
          kept.push({
            type: "context",
            elements: [{ type: "mrkdwn", text: choiceMade(`<@${user.id}>`, chosen.label) }],
          });
          await this.#queue.run(channel, () =>
            this.client.chat.update({
              channel,
              ts: messageTs,
              text: message.text ?? chosen.label,
              blocks: kept as never,
            }),
          );
        }
        return answer.send(reply, how);
      },
    });
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
