import type { ChannelRef } from "../domain/reminders/types.ts";

const channelKey = (c: ChannelRef) => `${c.platform}\u0000${c.channelId}`;

/**
 * When each channel may be posted to next, in this process: one post per interval, and not
 * before the time a platform's rate limit named. Items held back in one run get consecutive
 * slots (now + 1 s, + 2 s…), so a burst drains one a second instead of every item being
 * claimed and put back each second. Times are epoch milliseconds from the caller.
 */
export class ChannelPace {
  private readonly intervalMs: number;
  private readonly next = new Map<string, number>();
  /** Slots handed to items held back during the current run. */
  private readonly held = new Map<string, number>();

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  /** A new run of the sender: slots of the previous one are claimable items again. */
  beginRun(): void {
    this.held.clear();
  }

  /** The earliest time this channel may be posted to (`now` or earlier when it is free). */
  allowedAt(channel: ChannelRef, now: number): number {
    const key = channelKey(channel);
    return Math.max(this.next.get(key) ?? now, this.held.get(key) ?? now);
  }

  /** An item is held back until `at`: the next one of this run waits one interval more. */
  hold(channel: ChannelRef, at: number): void {
    this.held.set(channelKey(channel), at + this.intervalMs);
  }

  /** A post (whatever its outcome) goes to the channel at `now`. */
  posted(channel: ChannelRef, now: number): void {
    this.raise(channelKey(channel), now + this.intervalMs);
  }

  /** The platform asked us to wait until `at`. */
  blockUntil(channel: ChannelRef, at: number): void {
    this.raise(channelKey(channel), at);
  }

  /** Channels that may not be posted to at `now` (paced or rate limited): not worth claiming. */
  busy(now: number): ChannelRef[] {
    const out: ChannelRef[] = [];
    for (const [key, at] of this.next) {
      if (at <= now) continue;
      const [platform = "", channelId = ""] = key.split("\u0000");
      out.push({ platform, channelId });
    }
    return out;
  }

  /** Drops channels that are free again, so the map only holds busy ones. */
  forget(now: number): void {
    for (const [key, at] of this.next) if (at <= now) this.next.delete(key);
  }

  private raise(key: string, at: number): void {
    this.next.set(key, Math.max(this.next.get(key) ?? 0, at));
  }
}
