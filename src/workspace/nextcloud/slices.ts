import { ByteCursor, SourceSizeError } from "../byte-stream.ts";

/**
 * Hands consecutive slices of one source stream to concurrent chunk requests, in order and without
 * buffering them: slice n is read only once slice n-1 has been read to its end — sent, or skipped
 * after its request failed. Chunk n's request is therefore sent while the chunks before it still
 * wait for their answers, and memory stays at what the source stream and the sockets hold.
 */
export class SliceReader {
  readonly #cursor: ByteCursor;
  readonly #size: number;
  #lock: Promise<unknown> = Promise.resolve();
  #last: Promise<void> = Promise.resolve();

  /** `source` must hold exactly `size` bytes (`SourceSizeError` otherwise). */
  constructor(source: AsyncIterable<unknown>, size: number) {
    this.#cursor = new ByteCursor(source);
    this.#size = size;
  }

  /** The next `length` bytes of the source, after those of every slice reserved before. */
  reserve(offset: number, length: number): Slice {
    const slice = new Slice(offset, length, this.#last, {
      cursor: this.#cursor,
      size: this.#size,
      locked: (operation) => this.#locked(operation),
    });
    this.#last = slice.read;
    return slice;
  }

  /** Once every slice has been read: true when the source has nothing more. */
  async atEnd(): Promise<boolean> {
    await this.#last;
    return this.#locked(() => this.#cursor.atEnd());
  }

  /** Stops reading the source (a Readable is destroyed). */
  async close(): Promise<void> {
    await this.#locked(() => this.#cursor.close());
  }

  /** One reader of the source at a time: a request still pulling bytes, a drain, the end check. */
  #locked<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(operation, operation);
    this.#lock = run.catch(() => {});
    return run;
  }
}

interface SharedSource {
  cursor: ByteCursor;
  size: number;
  locked<T>(operation: () => Promise<T>): Promise<T>;
}

export class Slice {
  readonly offset: number;
  readonly length: number;
  /** Resolves once the source has been read to the end of this slice (and of those before it). */
  readonly read: Promise<void>;
  readonly #previous: Promise<void>;
  readonly #source: SharedSource;
  #markRead: () => void = () => {};
  #iterator: AsyncIterator<Uint8Array> | null = null;
  #taken = 0;
  #closed = false;

  constructor(offset: number, length: number, previous: Promise<void>, source: SharedSource) {
    this.offset = offset;
    this.length = length;
    this.#previous = previous;
    this.#source = source;
    this.read = new Promise((resolve) => {
      this.#markRead = resolve;
    });
    if (length === 0) void previous.then(() => this.#markRead());
  }

  /** Resolves when the slices before this one have been read; rejects with the reason if `signal` aborts first. */
  ready(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#previous.then(
        () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  /**
   * The bytes of the slice, for one request body (call `ready` first); `onBytes` once the request
   * has taken each piece. Ends early, without error, once `finish` has been called.
   */
  async *bytes(onBytes: (count: number) => void = () => {}): AsyncGenerator<Uint8Array> {
    for (;;) {
      const bytes = await this.#source.locked(() => this.#pull());
      if (bytes === null) return;
      yield bytes;
      onBytes(bytes.length);
    }
  }

  /**
   * Reads and drops what the request did not take (it failed or was answered early), so that the
   * next slice starts at its offset. Call it once the request is over.
   */
  async finish(): Promise<void> {
    this.#closed = true;
    await this.#source.locked(async () => {
      while (this.#taken < this.length) {
        if ((await this.#next()) === null) break;
      }
    });
  }

  async #pull(): Promise<Uint8Array | null> {
    if (this.#closed || this.#taken >= this.length) return null;
    return this.#next();
  }

  async #next(): Promise<Uint8Array | null> {
    this.#iterator ??= this.#source.cursor.take(this.length)[Symbol.asyncIterator]();
    let result: IteratorResult<Uint8Array>;
    try {
      result = await this.#iterator.next();
    } catch (error) {
      // ByteCursor counts within the slice; the message should speak of the whole file.
      if (error instanceof SourceSizeError) {
        throw new SourceSizeError(this.#source.size, this.offset + this.#taken, false);
      }
      throw error;
    }
    if (result.done === true) return null;
    this.#taken += result.value.length;
    if (this.#taken >= this.length) this.#markRead();
    return result.value;
  }
}
