import { backoff } from "../core/backoff.ts";
import { type Deliver, PermanentFailure, RateLimited } from "../core/delivery.ts";
import type { ClaimedItem, Outbox } from "./outbox.ts";
import { ChannelPace } from "./sender-pace.ts";

export interface SenderDeps {
  store: Outbox;
  deliver: Deliver;
  /** This process, as written in `claimed_by`: unique among the processes sharing the database. */
  owner: string;
  clock: () => Date;
  /** Minimum time between two posts to one channel (default 1000: about one message a second). */
  perChannelIntervalMs?: number;
  /** Real attempts (rate limits and pacing do not count) before an item is marked failed (default 8). */
  maxAttempts?: number;
  /** Delay before the next try after the n-th failed attempt (default: 5 s doubling, capped at 1 h). */
  backoff?: (attempt: number) => number;
  /** How long a claim is ours; another process takes the items over after it (default 2 min). */
  leaseMs?: number;
  /** Items claimed per run, one per channel (default 100). */
  batch?: number;
  log?: (event: object) => void;
}

export interface SendReport {
  sent: number;
  /** Put back for a later try after an error or a rate limit. */
  retried: number;
  failed: number;
  /** Held back without trying: the channel's pace, or a lease too close to its end. */
  deferred: number;
}

/** 5 s, 10 s, 20 s… capped at one hour; no jitter, so tests know the times. */
export const defaultBackoff = backoff({ baseMs: 5_000, capMs: 3_600_000 });

/** What a log line says of an item: never its text. */
const fieldsOf = (item: ClaimedItem) => ({
  key: item.key,
  platform: item.platform,
  channel: item.channelId,
  kind: item.kind,
  attempts: item.attempts,
});

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Delivers due outbox items. It never waits: an item that cannot go now (the channel was posted
 * to less than the interval ago, the platform asked to slow down, an error) is put back with the
 * earliest time it may go, and the scheduler calls `runOnce` again.
 */
export class Sender {
  private readonly store: Outbox;
  private readonly deliver: Deliver;
  private readonly owner: string;
  private readonly clock: () => Date;
  private readonly maxAttempts: number;
  private readonly backoff: (attempt: number) => number;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly log: (event: object) => void;
  private readonly pace: ChannelPace;
  private stopping = false;

  constructor(deps: SenderDeps) {
    this.store = deps.store;
    this.deliver = deps.deliver;
    this.owner = deps.owner;
    this.clock = deps.clock;
    this.maxAttempts = deps.maxAttempts ?? 8;
    this.backoff = deps.backoff ?? defaultBackoff;
    this.leaseMs = deps.leaseMs ?? 120_000;
    this.batch = deps.batch ?? 100;
    this.log = deps.log ?? (() => {});
    this.pace = new ChannelPace(deps.perChannelIntervalMs ?? 1_000);
  }

  /**
   * Claims one batch (the head of each channel with something due) and settles every item of
   * it. Items posted are recorded sent together at the end of the run, in one statement, also
   * when a later item throws. Store errors propagate (the items' leases expire).
   */
  async runOnce(): Promise<SendReport> {
    const report: SendReport = { sent: 0, retried: 0, failed: 0, deferred: 0 };
    if (this.stopping) return report;
    this.pace.beginRun();
    const start = this.clock();
    const items = await this.store.claim(this.owner, start, {
      limit: this.batch,
      leaseMs: this.leaseMs,
      skipChannels: this.pace.busy(start.getTime()),
    });
    const posted: ClaimedItem[] = [];
    try {
      for (const [index, item] of items.entries()) {
        // Shutting down: what is not posted yet goes back at once, for another process (or
        // this one's next start) to send, without waiting for the lease to end.
        if (this.stopping) {
          report.deferred += await this.release(items.slice(index));
          break;
        }
        const outcome = await this.sendOne(item);
        if (outcome === "sent") posted.push(item);
        else report[outcome] += 1;
      }
    } finally {
      if (posted.length > 0) {
        const applied = await this.store.markSentMany(
          posted.map((p) => p.id),
          this.owner,
          this.clock(),
        );
        report.sent = posted.length;
        for (const item of posted)
          this.log({ event: "outbox.sent", ...fieldsOf(item), recovered: item.recovered });
        // Fewer applied than posted: a lease ran out meanwhile and another process took the item
        // over; it will ask the platform before posting again (Delivery.uncertain).
        if (applied < posted.length) this.log({ event: "outbox.lease-lost", posted: posted.length, applied });
      }
    }
    this.pace.forget(this.clock().getTime());
    return report;
  }

  /**
   * Stops taking items: the run in progress posts the item it is on, gives the rest of its batch
   * back (`release`) and returns; later runs claim nothing.
   */
  stop(): void {
    this.stopping = true;
  }

  private async release(items: ClaimedItem[]): Promise<number> {
    const now = this.clock();
    for (const item of items) {
      await this.store.retryLater(item.id, this.owner, now, "rendu à l’arrêt du processus", {
        countAttempt: false,
      });
      this.log({ event: "outbox.released", ...fieldsOf(item) });
    }
    return items.length;
  }

  private async sendOne(item: ClaimedItem): Promise<keyof SendReport> {
    const now = this.clock();
    // The lease is over (a slow batch): another process may take this item; do not race it.
    if (now.getTime() >= item.claimedUntil.getTime()) {
      await this.store.retryLater(item.id, this.owner, now, "réservation expirée avant l’envoi", {
        countAttempt: false,
      });
      this.log({ event: "outbox.lease-expired", ...fieldsOf(item) });
      return "deferred";
    }
    const allowedAt = this.pace.allowedAt(item, now.getTime());
    if (allowedAt > now.getTime()) {
      this.pace.hold(item, allowedAt);
      await this.store.retryLater(item.id, this.owner, new Date(allowedAt), "rythme du canal", {
        countAttempt: false,
      });
      return "deferred";
    }
    try {
      this.pace.posted(item, now.getTime());
      await this.deliver({
        key: item.key,
        platform: item.platform,
        channelId: item.channelId,
        text: item.text,
        reply: item.reply,
        uncertain: item.recovered,
      });
    } catch (error) {
      return this.handleError(item, error);
    }
    return "sent";
  }

  private async handleError(item: ClaimedItem, error: unknown): Promise<keyof SendReport> {
    const now = this.clock();
    if (error instanceof RateLimited) {
      const wait = Number.isFinite(error.retryAfterMs) ? Math.max(0, error.retryAfterMs) : this.backoff(1);
      const at = now.getTime() + wait;
      this.pace.blockUntil(item, at);
      await this.store.retryLater(item.id, this.owner, new Date(at), `limite de débit : ${message(error)}`, {
        countAttempt: false,
      });
      this.log({ event: "outbox.rate-limited", ...fieldsOf(item), retryAfterMs: wait });
      return "retried";
    }
    if (error instanceof PermanentFailure || item.attempts >= this.maxAttempts) {
      await this.store.markFailed(item.id, this.owner, message(error));
      this.log({ event: "outbox.failed", ...fieldsOf(item), error: message(error) });
      return "failed";
    }
    const at = new Date(now.getTime() + this.backoff(item.attempts));
    await this.store.retryLater(item.id, this.owner, at, message(error));
    this.log({ event: "outbox.retry", ...fieldsOf(item), at, error: message(error) });
    return "retried";
  }
}
