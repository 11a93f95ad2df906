/**
 * Waiting for the next event of some kind without polling: a waiter is settled by the append
 * itself, or rejected after its timeout or when the fake closes.
 */

interface Waiter<T> {
  matches: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class Waiters<T> {
  readonly #pending = new Set<Waiter<T>>();

  /** The next item that `matches`; rejects after `timeoutMs`, naming `what` and `seen()`. */
  next(matches: (item: T) => boolean, what: string, seen: () => string, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        matches,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(waiter);
          reject(new Error(`fake Matrix: no ${what} within ${timeoutMs / 1000} s (so far: ${seen()})`));
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
      waiter.reject(new Error("fake Matrix: closed while waiting"));
    }
    this.#pending.clear();
  }
}
