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
