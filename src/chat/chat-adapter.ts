import type { Reply } from "../core/reply.ts";

/**
 * The one port between a chat platform and the core: an adapter turns platform traffic into
 * `Incoming` messages for the handler, and renders `Reply` objects the platform's way.
 */
export interface ChatAdapter {
  readonly platform: string;
  /** Starts receiving; resolves when the adapter has stopped (end of input, shutdown). */
  run(): Promise<void>;
  /** Posts a message the bot initiates (reminders, filing notices) to a channel. */
  post(channelId: string, reply: Reply): Promise<void>;
  stop(): Promise<void>;
}
