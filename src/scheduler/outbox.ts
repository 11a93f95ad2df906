import type { Occurrence } from "../core/reminders/occurrence.ts";
import type { Reply } from "../core/reply.ts";
import type { ChannelRef } from "../domain/reminders/types.ts";

/** One outbox item taken by `OutboxStore.claim`, leased to its owner until `claimedUntil`. */
export interface ClaimedItem {
  id: string;
  key: string;
  territoryId: string;
  platform: string;
  channelId: string;
  kind: string;
  ref: string;
  dueAt: Date;
  text: string;
  reply: Reply;
  /** Attempts so far, this one included. */
  attempts: number;
  claimedUntil: Date;
  /**
   * Taken over from a process whose lease expired: it may have posted the item before it
   * stopped. The platform is asked before posting again (see `Delivery.uncertain`).
   */
  recovered: boolean;
}

export interface ReplanResult {
  /** Pending items of the window no longer planned. */
  cancelled: number;
  /** Keys never seen before. */
  inserted: number;
  /** Cancelled items planned again (a date moved, then moved back): pending once more. */
  revived: number;
  /** Pending items whose time or wording changed (an event's place, a grouped notice). */
  updated: number;
}

/**
 * The durable outbox as the scheduler and the sender use it (the port; `src/store/outbox-store.ts`
 * implements it on PGlite and PostgreSQL, docs/reminders.md).
 */
export interface Outbox {
  /** Makes the window's pending items exactly `keep` (inserted, revived, updated, cancelled). */
  replan(territoryId: string, keep: Occurrence[], window: { from: Date; to: Date }): Promise<ReplanResult>;
  /** Leases up to `limit` due items to `owner` (`FOR UPDATE SKIP LOCKED` on PostgreSQL). */
  claim(
    owner: string,
    now: Date,
    options: { limit: number; leaseMs: number; skipChannels?: ChannelRef[] },
  ): Promise<ClaimedItem[]>;
  markSentMany(ids: string[], owner: string, now: Date): Promise<number>;
  retryLater(
    id: string,
    owner: string,
    at: Date,
    error: string,
    options?: { countAttempt?: boolean },
  ): Promise<boolean>;
  markFailed(id: string, owner: string, error: string): Promise<boolean>;
  statesStartingWith(prefix: string): Promise<Map<string, string>>;
  setStates(entries: Map<string, string>, now: Date): Promise<void>;
}
