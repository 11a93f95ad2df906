/**
 * Runs at most `concurrency` tasks at once, the others waiting in arrival order. A chat adapter
 * answers its platform first (Slack wants its acknowledgement within 3 s) and puts the work behind
 * this: with the embedded database, a query holds the event loop, and 200 commands started at
 * once would hold back the acknowledgements of the requests still arriving.
 */
export class WorkLimiter {
  readonly #concurrency: number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(concurrency: number) {
    if (!Number.isSafeInteger(concurrency) || concurrency < 1)
      throw new RangeError("concurrency must be ≥ 1");
    this.#concurrency = concurrency;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#concurrency) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      // Pending I/O first (requests to acknowledge), then this task.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes to the next task directly; otherwise it is freed.
      if (next !== undefined) next();
      else this.#running -= 1;
    }
  }
}

/**
 * What an adapter does with each event it receives: run it behind a `WorkLimiter`, send a
 * failure to the operator (the platform already has its acknowledgement), and know when every
 * event received so far has been handled (`idle`, for shutdown and tests).
 */
export class HandlerPool {
  readonly #limiter: WorkLimiter;
  readonly #onError: (error: unknown) => void;
  readonly #running = new Set<Promise<void>>();

  constructor(concurrency: number, onError: (error: unknown) => void) {
    this.#limiter = new WorkLimiter(concurrency);
    this.#onError = onError;
  }

  run(work: () => Promise<void>): Promise<void> {
    const running = this.#limiter.run(work).catch((error: unknown) => this.#onError(error));
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running));
    return running;
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
