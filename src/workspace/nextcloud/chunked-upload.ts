import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { ByteCursor, SourceSizeError } from "../byte-stream.ts";
import type { UploadSource } from "../workspace.ts";
import { withRetry } from "./retry.ts";
import { SliceReader } from "./slices.ts";
import { fileIdFromHeader, type UploadContext, type Uploaded, type UploadJob } from "./upload.ts";

/** Nextcloud numbers chunks 1 to 10000. */
const MAX_CHUNKS = 10_000;

/** Chunk names as Nextcloud's own clients write them: `00001`, `00002`… (assembled in name order). */
export function chunkName(index: number): string {
  return String(index).padStart(5, "0");
}

/**
 * Nextcloud chunked upload v2: MKCOL `/uploads/{user}/{id}` with the `Destination`, PUT each chunk
 * with `Destination` and `OC-Total-Length`, then MOVE `{id}/.file` onto the destination with
 * `Overwrite: F` (Sabre answers 412 when it is taken). On any failure or abort the upload folder is
 * DELETEd.
 *
 * Up to `plan.concurrency` chunk requests are in flight, their bodies never buffered. A source
 * with `readRange` (a spooled file) has each chunk read from its own offset, so the requests read
 * and send in parallel. Otherwise the bodies are consecutive slices of one stream of the source,
 * read in order (see slices.ts): chunk n+1 goes out as soon as chunk n's last byte has, without
 * waiting for chunk n's answer. A chunk retried after a 429/503 reads its bytes again in a stream
 * of its own while the others go on. The first chunk that fails stops the others (their requests
 * are aborted).
 *
 * No `If-None-Match: *` on the MOVE: Sabre evaluates it against the request URI — the `.file`
 * being moved, which exists — so it would always fail with 412.
 */
export async function putChunked(
  context: UploadContext,
  job: UploadJob,
  plan: { chunkSize: number; concurrency: number },
): Promise<Uploaded> {
  const { http, urls, options } = context;
  const size = job.source.size;
  const uploadId = `ctg-bot-${randomUUID()}`;
  const destination = urls.file(job.segments);
  const total = String(size);
  const chunkSize = Math.max(plan.chunkSize, Math.ceil(size / MAX_CHUNKS));
  const count = Math.ceil(size / chunkSize);

  const created = await withRetry(
    options,
    () =>
      http.send({
        method: "MKCOL",
        url: urls.upload(uploadId),
        headers: { destination },
        signal: job.signal,
        what: job.what,
      }),
    job.signal,
  );
  await created.discard();

  const run = new ChunkRun(job.signal);
  const progress = new ChunkProgress(count, job.report);
  const bodies =
    job.source.readRange === undefined
      ? sequentialBodies(run, job.source, size)
      : rangedBodies(job.source.readRange.bind(job.source), size);

  const putChunk = async (index: number, body: ChunkBody, bytes: AsyncIterable<Uint8Array>) => {
    const response = await http.send({
      method: "PUT",
      url: urls.upload(uploadId, chunkName(index + 1)),
      headers: { destination, "oc-total-length": total, "content-type": "application/octet-stream" },
      body: { bytes, length: body.length, lent: body.lent },
      signal: run.signal,
      what: job.what,
    });
    await response.discard();
  };

  const sendChunk = (index: number, body: ChunkBody) =>
    withRetry(
      options,
      async (attempt) => {
        // Another chunk failed: no more attempts (its error is the one reported).
        if (run.signal.aborted) throw new Error("chunked upload stopped");
        let sent = 0;
        const onBytes = (count: number) => {
          sent += count;
          progress.sent(index, sent);
        };
        await body.send(attempt, (bytes) => putChunk(index, body, bytes), onBytes);
      },
      run.signal,
    );

  try {
    let next = 0;
    const worker = async () => {
      while (next < count && !run.signal.aborted) {
        const index = next;
        next += 1;
        // Reserved in index order, synchronously: a single stream is cut in the order of the chunks.
        const offset = index * chunkSize;
        const body = bodies.reserve(offset, Math.min(chunkSize, size - offset));
        try {
          await sendChunk(index, body);
        } catch (error) {
          run.fail(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, count) }, worker));
    run.throwIfFailed();
    await bodies.checkEnd();

    const moved = await withRetry(
      options,
      () =>
        http.send({
          method: "MOVE",
          url: urls.upload(uploadId, ".file"),
          headers: { destination, "oc-total-length": total, overwrite: "F" },
          signal: run.signal,
          what: job.what,
          timeoutMs: options.responseTimeoutMs,
        }),
      run.signal,
    );
    const fileId = fileIdFromHeader(moved.headers.get("oc-fileid"));
    await moved.discard();
    return { fileId };
  } catch (error) {
    await abandonUpload(context, uploadId);
    throw error;
  } finally {
    run.dispose();
    await bodies.close();
  }
}

/** The body of one chunk: `send` makes one attempt, handing its bytes to `put`. */
interface ChunkBody {
  readonly length: number;
  /** Its chunks of bytes are lent (see `UploadSource.readRange`). */
  readonly lent: boolean;
  send(
    attempt: number,
    put: (bytes: AsyncIterable<Uint8Array>) => Promise<void>,
    onBytes: (count: number) => void,
  ): Promise<void>;
}

/** Where the chunks' bytes come from. `reserve` is called in chunk order. */
interface ChunkBodies {
  reserve(offset: number, length: number): ChunkBody;
  /** Once every chunk is sent: `SourceSizeError` if the source holds more than its size. */
  checkEnd(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Chunks cut in order from one stream of the source (see slices.ts): chunk n+1 is read once chunk
 * n has been, and goes out without waiting for chunk n's answer. A retry re-reads the source from
 * the start in a stream of its own, skipping to its offset, while the others go on.
 */
function sequentialBodies(run: ChunkRun, source: UploadSource, size: number): ChunkBodies {
  const slices = new SliceReader(run.source(source.open()), size);
  return {
    reserve(offset, length) {
      const slice = slices.reserve(offset, length);
      return {
        length,
        lent: false,
        async send(attempt, put, onBytes) {
          if (attempt === 1) {
            await slice.ready(run.signal);
            try {
              await put(slice.bytes(onBytes));
            } finally {
              // The next chunk reads on from the end of this one, whatever this request took.
              if (!run.signal.aborted) await slice.finish();
            }
            return;
          }
          const cursor = new ByteCursor(run.source(source.open()));
          try {
            await cursor.skip(offset);
            await put(cursor.take(length, onBytes));
          } finally {
            await cursor.close();
          }
        },
      };
    },
    async checkEnd() {
      if (!(await slices.atEnd())) throw new SourceSizeError(size, size, true);
    },
    close: () => slices.close(),
  };
}

/**
 * Chunks read each from its own offset (a source with `readRange`, such as a spooled file, its
 * bytes lent): the requests in flight read and send in parallel, and a retry reads only its own
 * chunk again. A failed or aborted request stops pulling, which closes its reader.
 */
function rangedBodies(
  readRange: (start: number, end: number) => AsyncIterable<Uint8Array>,
  size: number,
): ChunkBodies {
  return {
    reserve(offset, length) {
      return {
        length,
        lent: true,
        async send(_attempt, put, onBytes) {
          await put(rangeBytes(readRange(offset, offset + length), offset, length, size, onBytes));
        },
      };
    },
    async checkEnd() {
      for await (const bytes of readRange(size, size + 1)) {
        if (bytes.length > 0) throw new SourceSizeError(size, size, true);
      }
    },
    close: async () => {},
  };
}

/** The bytes of one range: exactly `length` of them, or `SourceSizeError` in terms of the whole file. */
async function* rangeBytes(
  input: AsyncIterable<Uint8Array>,
  offset: number,
  length: number,
  size: number,
  onBytes: (count: number) => void,
): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const bytes of input) {
    seen += bytes.length;
    // A range that gives more than asked: the source is not the file its size describes.
    if (seen > length) throw new SourceSizeError(size, offset + seen, true);
    yield bytes;
    onBytes(bytes.length);
  }
  if (seen < length) throw new SourceSizeError(size, offset + seen, false);
}

/**
 * The fate of the chunks of one upload: the first failure (or the caller's abort) is kept and
 * aborts every request still running, and destroys the source streams — a request waiting for a
 * stalled source (a slow download) must not hold the upload up.
 */
class ChunkRun {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #onAbort: () => void;
  readonly #streams = new Set<Readable>();
  #failure: { error: unknown } | null = null;

  constructor(caller: AbortSignal | undefined) {
    this.#caller = caller;
    this.#onAbort = () => this.fail(caller?.reason);
    caller?.addEventListener("abort", this.#onAbort, { once: true });
    if (caller?.aborted === true) this.#onAbort();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** A stream of the source, destroyed if the run fails (or when it is over). */
  source(stream: Readable): Readable {
    if (this.#failure !== null) stream.destroy();
    this.#streams.add(stream);
    stream.once("close", () => this.#streams.delete(stream));
    return stream;
  }

  fail(error: unknown): void {
    if (this.#failure !== null) return;
    this.#failure = { error };
    this.#controller.abort(error);
    for (const stream of this.#streams) stream.destroy();
  }

  throwIfFailed(): void {
    if (this.#failure !== null) throw this.#failure.error;
  }

  dispose(): void {
    this.#caller?.removeEventListener("abort", this.#onAbort);
    for (const stream of this.#streams) stream.destroy();
  }
}

/**
 * Progress over chunks sent concurrently: the sum, over the chunks, of the most bytes any attempt
 * of that chunk has sent — so it only grows (a retried chunk counts once) and ends at the total.
 */
class ChunkProgress {
  readonly #sent: number[];
  readonly #report: (sent: number) => void;
  #total = 0;

  constructor(count: number, report: (sent: number) => void) {
    this.#sent = new Array<number>(count).fill(0);
    this.#report = report;
  }

  sent(index: number, bytes: number): void {
    const before = this.#sent[index] ?? 0;
    if (bytes <= before) return;
    this.#sent[index] = bytes;
    this.#total += bytes - before;
    this.#report(this.#total);
  }
}

/** DELETE of the upload folder, best effort (Nextcloud expires it after 24 h anyway). */
async function abandonUpload(context: UploadContext, uploadId: string): Promise<void> {
  try {
    const response = await context.http.send({
      method: "DELETE",
      url: context.urls.upload(uploadId),
      what: "le dossier d'envoi par morceaux",
      accept: [404],
    });
    await response.discard();
  } catch {
    // the chunks expire on the server
  }
}
