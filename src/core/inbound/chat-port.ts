import type { Delivery } from "../delivery.ts";
import { type Reply, reply, text } from "../reply.ts";
import type { Inbound, InboundPipeline, Responder } from "./pipeline.ts";

/** Where a message goes in a channel: in a thread, as a reply to a message. */
export interface PostOptions {
  threadId?: string;
  /** The message answered (Matrix shows it quoted; Slack and the console ignore it). */
  inReplyTo?: string;
}

/**
 * The one port between a chat platform and the core (issue 18). An adapter receives platform
 * events, turns them into `Inbound`s for the pipeline, and renders and sends what the core says
 * through these methods; it holds no rule and no French sentence. The runtime drives every
 * platform — the console too — through these methods only.
 */
export interface ChatAdapter {
  readonly platform: string;
  /** Connects (an HTTP listener, a sync loop…); the port it listens on, if any. */
  start(): Promise<{ port: number | null }>;
  /** For /readyz: resolves when the platform answers with the bot's credentials. */
  ready(): Promise<void>;
  /** Receives until stopped (or, for the console, until the end of its input). */
  run(): Promise<void>;
  /** Posts a message; the platform's ref of it (for `edit`, `react`, choices), null if it has none. */
  post(channelId: string, message: Reply, options?: PostOptions): Promise<string | null>;
  /** Replaces a message the bot posted (an upload's progress). */
  edit(channelId: string, messageRef: string, message: Reply): Promise<void>;
  /** Reacts to a message (« ⏳ »: not read, the sender is over the rate limit). */
  react(channelId: string, messageRef: string, key: string): Promise<void>;
  /**
   * Posts a reminder, once: the platform's idempotency (transaction id, metadata) carries its key.
   * The message's ref, null if it has none.
   */
  deliver(delivery: Delivery): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * The usual way to answer an inbound: in its channel, in its thread (or starting one from the
 * message, where the platform has threads), as a reply to it; progress as one message edited in
 * place. An adapter passes `threadFromMessage` when its threads hang off any message (Slack).
 */
export function replyInPlace(
  adapter: Pick<ChatAdapter, "post" | "edit" | "react">,
  inbound: Pick<Inbound, "channelId" | "threadId" | "messageId">,
  options: { threadFromMessage?: boolean; inReplyTo?: string } = {},
): Responder {
  const channel = inbound.channelId;
  const thread = inbound.threadId ?? (options.threadFromMessage === true ? inbound.messageId : undefined);
  const inReplyTo = options.inReplyTo ?? inbound.messageId;
  const where = (threadId: string | undefined): PostOptions => ({
    ...(threadId !== undefined ? { threadId } : {}),
    ...(inReplyTo !== undefined ? { inReplyTo } : {}),
  });
  return {
    send: (answer, how) => adapter.post(channel, answer, where(how?.threadId ?? thread)),
    progress: {
      post: (line) => adapter.post(channel, reply(text(line)), where(thread)),
      replace: (ref, line) => adapter.edit(channel, ref, reply(text(line))),
    },
    ...(inbound.messageId !== undefined
      ? { react: (key: string) => adapter.react(channel, inbound.messageId ?? "", key) }
      : {}),
  };
}

/**
 * A message the bot starts — a reminder, a filing notice — posted through an adapter; its choices
 * are remembered so that « 1 » or 1️⃣ answers them like any other.
 */
export const startedBy = (
  adapter: Pick<ChatAdapter, "platform" | "post" | "deliver">,
  pipeline: Pick<InboundPipeline, "sent">,
) => ({
  async deliver(delivery: Delivery): Promise<void> {
    await pipeline.sent(
      adapter.platform,
      delivery.channelId,
      delivery.reply,
      await adapter.deliver(delivery),
    );
  },
  async post(channelId: string, message: Reply): Promise<void> {
    await pipeline.sent(adapter.platform, channelId, message, await adapter.post(channelId, message));
  },
});
