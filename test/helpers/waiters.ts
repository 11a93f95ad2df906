/**
 * Waiting for what a fake server records next (a call, a response URL body, an event) without
 * polling: a waiter is settled by the recording itself, or rejected after its timeout or when the
 * fake closes. `name` ("fake Slack", "fake Matrix") starts the error messages.
 */

interface Waiter<T> {
  matches: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class Waiters<T> {
  readonly #pending = new Set<Waiter<T>>();
  readonly #name: string;

  constructor(name: string) {
    this.#name = name;
  }

  /** The next item recorded that `matches`; rejects after `timeoutMs` naming `what` and `seen()`. */
  next(matches: (item: T) => boolean, what: string, seen: () => string, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        matches,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(waiter);
          reject(new Error(`${this.#name}: no ${what} within ${timeoutMs / 1000} s (so far: ${seen()})`));
        }, timeoutMs),
      };
      waiter.timer.unref();
      this.#pending.add(waiter);
    });
  }

  notify(item: T): void {
    for (const waiter of [...this.#pending]) {
      if (!waiter.matches(item)) continue;
      this.#pending.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(item);
    }
  }

  close(): void {
    for (const waiter of this.#pending) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`${this.#name}: closed while waiting`));
    }
    this.#pending.clear();
  }
}
