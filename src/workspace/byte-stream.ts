/** Streams of bytes for uploads: exact sizes, progress that only grows, slices of one source. */
import { open } from "node:fs/promises";

/** The source gave more or fewer bytes than its announced `size`: nothing is written. */
export class SourceSizeError extends Error {
  constructor(expected: number, actual: number, more: boolean) {
    super(
      more
        ? `La source du fichier dépasse la taille annoncée (${expected} octets).`
        : `La source du fichier s'arrête à ${actual} octets au lieu des ${expected} annoncés.`,
    );
    this.name = "SourceSizeError";
  }
}

/** What a Readable yields: Buffers, or strings when an encoding was set. */
function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk);
  throw new TypeError("upload source yielded something other than bytes");
}

/**
 * Yields the bytes of `source`, calling `onBytes` once the consumer has taken each chunk, and
 * throws `SourceSizeError` unless it holds exactly `size` bytes.
 */
export async function* exactBytes(
  source: AsyncIterable<unknown>,
  size: number,
  onBytes: (count: number) => void = () => {},
): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of source) {
    const bytes = toBytes(chunk);
    seen += bytes.length;
    if (seen > size) throw new SourceSizeError(size, seen, true);
    yield bytes;
    onBytes(bytes.length);
  }
  if (seen !== size) throw new SourceSizeError(size, seen, false);
}

/** A progress callback that only ever grows (a retried upload starts again from zero silently). */
export function progressReporter(
  total: number,
  onProgress: ((sent: number, total: number) => void) | undefined,
): (sent: number) => void {
  let last = -1;
  return (sent) => {
    if (onProgress === undefined || sent <= last) return;
    last = sent;
    onProgress(sent, total);
  };
}

/** Reads one source in consecutive slices (the chunks of a chunked upload) without buffering them. */
export class ByteCursor {
  readonly #iterator: AsyncIterator<unknown>;
  #pending: Uint8Array | null = null;

  constructor(source: AsyncIterable<unknown>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  /** The next `count` bytes; throws `SourceSizeError` if the source ends first. */
  async *take(count: number, onBytes: (count: number) => void = () => {}): AsyncGenerator<Uint8Array> {
    let left = count;
    while (left > 0) {
      const bytes = await this.#next();
      if (bytes === null) throw new SourceSizeError(count, count - left, false);
      const slice = bytes.length > left ? bytes.subarray(0, left) : bytes;
      this.#pending = bytes.length > left ? bytes.subarray(left) : null;
      left -= slice.length;
      yield slice;
      onBytes(slice.length);
    }
  }

  /** Drops the next `count` bytes (to resume after a failed slice). */
  async skip(count: number): Promise<void> {
    for await (const _ of this.take(count)) {
      // discarded
    }
  }

  /** True when the source has nothing left. */
  async atEnd(): Promise<boolean> {
    const bytes = await this.#next();
    this.#pending = bytes;
    return bytes === null;
  }

  /** Stops reading: a Readable source is destroyed. */
  async close(): Promise<void> {
    this.#pending = null;
    await this.#iterator.return?.();
  }

  async #next(): Promise<Uint8Array | null> {
    if (this.#pending !== null && this.#pending.length > 0) {
      const bytes = this.#pending;
      this.#pending = null;
      return bytes;
    }
    for (;;) {
      const result = await this.#iterator.next();
      if (result.done === true) return null;
      const bytes = toBytes(result.value);
      if (bytes.length > 0) return bytes;
    }
  }
}

/**
 * The bytes of `path` from `start` to `end` (exclusive, or to the end of a shorter file), read
 * into one buffer that is reused: each chunk is **lent**, valid only until the next one is asked
 * for. A consumer that keeps a chunk must copy it; an upload hands it to its socket and waits
 * until the socket has taken it before asking for the next (see `lent` in dav-response.ts). No
 * buffer per read, so no garbage: a 1 GiB upload neither grows the heap nor wakes the GC. The file
 * is closed when the iteration ends, however it ends.
 */
export async function* readFileRange(
  path: string,
  start: number,
  end: number,
  bufferBytes = 1 << 20,
): AsyncGenerator<Uint8Array> {
  if (end <= start) return;
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(Math.min(bufferBytes, end - start));
    for (let position = start; position < end; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - position), position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
