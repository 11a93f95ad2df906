import type { Reply } from "./reply.ts";

/** One outbox item handed to a chat platform. `key` lets the platform refuse a second copy. */
export interface Delivery {
  key: string;
  platform: string;
  channelId: string;
  text: string;
  reply: Reply;
  /**
   * An earlier try may already have posted this item: its process stopped between posting and
   * recording it. The platform then checks before posting again (Matrix: the same transaction
   * ID, which the homeserver answers without a second event; Slack: the channel's recent
   * messages carry the key in their metadata). Never set in normal operation.
   */
  uncertain: boolean;
}

/** Posts a delivery; throws RateLimited or PermanentFailure, anything else is retried. */
export type Deliver = (delivery: Delivery) => Promise<void>;

/** The chat API said 429 / M_LIMIT_EXCEEDED: try again after this long, not before. */
export class RateLimited extends Error {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, message = "rate limited") {
    super(message);
    this.name = "RateLimited";
    this.retryAfterMs = retryAfterMs;
  }
}

/** Retrying cannot help (channel gone, bot removed): the item is marked failed at once. */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentFailure";
  }
}
