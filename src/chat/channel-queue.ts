import { setTimeout as delay } from "node:timers/promises";

/**
 * Chat platforms allow about one message per second per channel or room. Calls for one channel go through this
 * queue one at a time, at least `intervalMs` apart; a call answered 429 waits the `Retry-After`
 * it was given, then is tried again (up to `maxRateLimitRetries` times) unless the caller asked to
 * get the rate limit back (the reminder sender retries on its own, durably).
 */
export interface ChannelQueueOptions {
  intervalMs?: number;
  maxRateLimitRetries?: number;
  /** The delay a refused call asks for, null when it was not a rate limit. Default: Slack's. */
  rateLimitDelay?: (error: unknown) => number | null;
  /** Told of every rate-limited call (metrics). */
  onRateLimited?: () => void;
  /** Waits (tests pass one that records and does not wait). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** A Slack Web API call refused by its rate limiter (`rejectRateLimitedCalls`), with its delay. */
export function rateLimitDelayMs(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { code?: unknown; retryAfter?: unknown };
  if (e.code !== "slack_webapi_rate_limited_error") return null;
  const seconds = typeof e.retryAfter === "number" && e.retryAfter > 0 ? e.retryAfter : 1;
  return seconds * 1000;
}

export class ChannelQueue {
  readonly #intervalMs: number;
  readonly #maxRetries: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #rateLimitDelay: (error: unknown) => number | null;
  readonly #onRateLimited: () => void;
  readonly #tails = new Map<string, Promise<unknown>>();
  /** When each channel may next be posted to. */
  readonly #nextAt = new Map<string, number>();

  constructor(options: ChannelQueueOptions = {}) {
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#maxRetries = options.maxRateLimitRetries ?? 3;
    this.#sleep = options.sleep ?? ((ms) => delay(ms));
    this.#now = options.now ?? Date.now;
    this.#rateLimitDelay = options.rateLimitDelay ?? rateLimitDelayMs;
    this.#onRateLimited = options.onRateLimited ?? (() => {});
  }

  /** Runs `call` in `channel`'s turn. `retryRateLimited: false`: a 429 is thrown back at once. */
  run<T>(channel: string, call: () => Promise<T>, options: { retryRateLimited?: boolean } = {}): Promise<T> {
    const previous = this.#tails.get(channel) ?? Promise.resolve();
    const mine = previous.then(
      () => this.#attempt(channel, call, options.retryRateLimited ?? true),
      () => this.#attempt(channel, call, options.retryRateLimited ?? true),
    );
    const tail = mine.catch(() => {});
    this.#tails.set(channel, tail);
    void tail.then(() => {
      if (this.#tails.get(channel) === tail) this.#tails.delete(channel);
    });
    return mine;
  }

  async #attempt<T>(channel: string, call: () => Promise<T>, retry: boolean): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const wait = (this.#nextAt.get(channel) ?? 0) - this.#now();
      if (wait > 0) await this.#sleep(wait);
      try {
        const result = await call();
        this.#nextAt.set(channel, this.#now() + this.#intervalMs);
        return result;
      } catch (error) {
        const retryAfter = this.#rateLimitDelay(error);
        if (retryAfter === null) throw error;
        this.#onRateLimited();
        // The whole channel waits, not only this call.
        this.#nextAt.set(channel, this.#now() + retryAfter);
        if (!retry || attempt >= this.#maxRetries) throw error;
      }
    }
  }
}
