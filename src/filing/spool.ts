import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { IncomingFile } from "../core/incoming.ts";
import { readFileRange } from "../workspace/byte-stream.ts";
import type { UploadSource } from "../workspace/workspace.ts";

/** Reads of a spooled file for an upload: 1 MiB at a time (fewer system calls than the 64 KiB default). */
const READ_BUFFER_BYTES = 1 << 20;

export type SpoolResult =
  | { ok: true; path: string; sha256: string; size: number }
  | { ok: false; reason: "too-large" | "empty" };

/**
 * The local spool: every file is first written here (hashed on the way), so a workspace that is
 * down loses nothing and a retry reads it again. A file over `maxBytes` is cut off while reading
 * and nothing of it is kept.
 */
export class Spool {
  readonly dir: string;
  readonly #readBufferBytes: number;

  /** `readBufferBytes`: how much an upload reads from a spooled file at a time (tests use less). */
  constructor(dir: string, options: { readBufferBytes?: number } = {}) {
    this.dir = dir;
    this.#readBufferBytes = options.readBufferBytes ?? READ_BUFFER_BYTES;
  }

  async take(file: IncomingFile, maxBytes: number): Promise<SpoolResult> {
    if (file.size !== null && file.size > maxBytes) return { ok: false, reason: "too-large" };
    await mkdir(this.dir, { recursive: true });
    const id = randomUUID();
    const partial = path.join(this.dir, `${id}.part`);
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(new TooLarge());
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(file.open(), meter, createWriteStream(partial, { flags: "wx" }));
    } catch (error) {
      await rm(partial, { force: true });
      if (error instanceof TooLarge) return { ok: false, reason: "too-large" };
      throw error;
    }
    if (size === 0) {
      await rm(partial, { force: true });
      return { ok: false, reason: "empty" };
    }
    const final = path.join(this.dir, id);
    await rename(partial, final);
    return { ok: true, path: final, sha256: hash.digest("hex"), size };
  }

  /** A spooled file to upload, read without copies (`readRange`) by the uploads that can. */
  source(file: string, size: number): UploadSource {
    return {
      open: () => createReadStream(file, { highWaterMark: this.#readBufferBytes }),
      readRange: (start, end) => readFileRange(file, start, end, this.#readBufferBytes),
      size,
    };
  }

  /** The first bytes of a spooled file (text extraction reads the first page only). */
  async head(file: string, maxBytes: number): Promise<Uint8Array | null> {
    const info = await stat(file);
    if (info.size > maxBytes) return null;
    return new Uint8Array(await readFile(file));
  }

  /**
   * Whether the spooled copy is in this spool and visible from this process (several replicas
   * share the spool's volume; one with a volume of its own does not see the others' copies).
   */
  async has(file: string): Promise<boolean> {
    if (path.resolve(path.dirname(file)) !== path.resolve(this.dir)) return false;
    return stat(file).then(
      (info) => info.isFile(),
      () => false,
    );
  }

  async drop(file: string | null): Promise<void> {
    if (file) await rm(file, { force: true });
  }
}

class TooLarge extends Error {
  constructor() {
    super("file over the size limit");
    this.name = "TooLarge";
  }
}
