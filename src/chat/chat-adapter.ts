import type { Reply } from "../core/reply.ts";
import type { Delivery } from "../scheduler/delivery.ts";

/**
 * The one port between a chat platform and the core: an adapter turns platform traffic into
 * `Incoming` messages for the handler, and renders `Reply` objects the platform's way. The runtime
 * drives every platform — the console too — through these methods only.
 */
export interface ChatAdapter {
  readonly platform: string;
  /** Connects (an HTTP listener, a sync loop…); the port it listens on, if any. */
  start(): Promise<{ port: number | null }>;
  /** For /readyz: resolves when the platform answers with the bot's credentials. */
  ready(): Promise<void>;
  /** Receives until stopped (or, for the console, until the end of its input). */
  run(): Promise<void>;
  /** Posts a message the bot initiates (filing notices) to a channel. */
  post(channelId: string, reply: Reply): Promise<void>;
  /** Posts a reminder, once: the platform's idempotency (transaction id, metadata) carries its key. */
  deliver(delivery: Delivery): Promise<void>;
  stop(): Promise<void>;
}
