/**
 * The fake's disk: `{dataDir}/files/{user}/…` (the user's files) and `{dataDir}/uploads/{user}/…`
 * (chunked upload folders), file ids as Nextcloud's file cache would give them, Nextcloud's
 * filename rules and quota, and the write path every upload takes: a `.part` file, then its name.
 */
import { randomInt } from "node:crypto";
import { createWriteStream, type Stats } from "node:fs";
import { link, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { HttpError, SABRE } from "./errors.ts";
import { connectionGone } from "./http.ts";

export const INSTANCE_ID = "ocfake0nc1x9";

export class Storage {
  readonly dataDir: string;
  readonly #quotaBytes: number | undefined;
  readonly #fileIdHeader: boolean;
  /** Absolute path → file id, kept across MOVEs like Nextcloud's file cache. */
  readonly #ids = new Map<string, number>();
  #nextId = 100;
  /** Deletions still running in the background (see `discard`). */
  readonly #deleting = new Set<Promise<void>>();

  constructor(dataDir: string, options: { quotaBytes?: number; fileIdHeader?: boolean }) {
    this.dataDir = dataDir;
    this.#quotaBytes = options.quotaBytes;
    this.#fileIdHeader = options.fileIdHeader ?? true;
  }

  filesPath(user: string, segments: readonly string[]): string {
    return join(this.dataDir, "files", user, ...segments);
  }

  uploadsPath(user: string, ...segments: string[]): string {
    return join(this.dataDir, "uploads", user, ...segments);
  }

  idOf(absolute: string): number {
    let id = this.#ids.get(absolute);
    if (id === undefined) {
      id = this.#nextId++;
      this.#ids.set(absolute, id);
    }
    return id;
  }

  /** `oc:id` / `OC-FileId`: the id zero-padded to 8 digits, then the instance id. */
  ocId(absolute: string): string {
    return `${String(this.idOf(absolute)).padStart(8, "0")}${INSTANCE_ID}`;
  }

  forget(absolute: string): void {
    for (const key of [...this.#ids.keys()])
      if (key === absolute || key.startsWith(`${absolute}/`)) this.#ids.delete(key);
  }

  /** A MOVE keeps the ids of what moved (and drops those of what it replaced). */
  rekey(from: string, to: string): void {
    this.forget(to);
    for (const [key, id] of [...this.#ids.entries()]) {
      if (key !== from && !key.startsWith(`${from}/`)) continue;
      this.#ids.delete(key);
      this.#ids.set(to + key.slice(from.length), id);
    }
  }

  fileIdHeaders(absolute: string): Record<string, string> {
    return this.#fileIdHeader ? { "oc-fileid": this.ocId(absolute) } : {};
  }

  /**
   * Removes a folder at once as far as anyone can see — it is renamed into `{dataDir}/trash/` — and
   * deletes its content in the background (freeing the pages of a 1 GiB upload takes a while).
   */
  async discard(path: string): Promise<void> {
    const trash = join(this.dataDir, "trash", `${randomInt(1e9)}`);
    await mkdir(dirname(trash), { recursive: true });
    await rename(path, trash);
    const deleting = rm(trash, { recursive: true, force: true, maxRetries: 5 }).finally(() => {
      this.#deleting.delete(deleting);
    });
    this.#deleting.add(deleting);
  }

  /** Waits for the background deletions (before the data folder itself is removed). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#deleting]);
  }

  /** 507 when `incoming` more bytes would not fit in the user's quota. */
  async checkQuota(user: string, incoming: number | null): Promise<void> {
    if (this.#quotaBytes === undefined || incoming === null) return;
    const used = await treeSize(join(this.dataDir, "files", user));
    if (used + incoming > this.#quotaBytes) {
      throw new HttpError(
        507,
        `${SABRE}InsufficientStorage`,
        `Insufficient space in ${user}, ${incoming} required, ${this.#quotaBytes - used} available`,
      );
    }
  }
}

/** Where a new file is written before it gets its name, next to it: `.{name}.ocTransferId{n}.part`. */
export function partPath(absolute: string): string {
  const name = absolute.split("/").at(-1) ?? "";
  return join(dirname(absolute), `.${name}.ocTransferId${randomInt(1e9)}.part`);
}

/**
 * Gives a finished `.part` file its name: linked, so that it fails with 412 if the name is taken,
 * unless overwriting is allowed (then renamed over it). The `.part` is gone either way. True if a
 * file was replaced.
 */
export async function place(part: string, absolute: string, overwrite: boolean): Promise<boolean> {
  try {
    if (overwrite && (await statOrNull(absolute)) !== null) {
      await rename(part, absolute);
      return true;
    }
    try {
      await link(part, absolute);
    } catch (error) {
      if (errorCode(error) === "EEXIST")
        throw new HttpError(412, `${SABRE}PreconditionFailed`, "The destination node already exists");
      throw error;
    }
    return false;
  } finally {
    await rm(part, { force: true });
  }
}

/**
 * Writes the request body to `file` (which must not exist) and returns its size; null when the
 * connection went away (the file is removed). With `dropAfter`, the connection is closed once that
 * many bytes have arrived (fault injection). Any other failure is thrown (the client gets a 500).
 */
export async function receive(
  req: IncomingMessage,
  file: string,
  dropAfter?: number,
): Promise<number | null> {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (dropAfter !== undefined && received >= dropAfter) {
        req.socket.destroy();
        callback(new Error("connection dropped (injected fault)"));
        return;
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(file, { flags: "wx" }));
    return (await stat(file)).size;
  } catch (error) {
    await rm(file, { force: true });
    if (connectionGone(req)) return null;
    throw error;
  }
}

/** Nextcloud's FilenameValidator defaults: no `\`, no `.part`/`.filepart`, no `.htaccess`, ≤ 250 bytes. */
export function checkName(segments: readonly string[]): void {
  for (const name of segments) {
    const invalid =
      name.includes("\\") ||
      /\.(part|filepart)$/i.test(name) ||
      name === ".htaccess" ||
      Buffer.byteLength(name) > 250;
    if (invalid)
      throw new HttpError(
        400,
        "OCA\\DAV\\Connector\\Sabre\\Exception\\InvalidPath",
        `Filename "${name}" is not allowed`,
      );
  }
}

export async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

export async function treeSize(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

export function etag(info: Stats): string {
  return `"${Math.floor(info.mtimeMs).toString(16)}${info.size.toString(16)}"`;
}

export function contentType(name: string): string {
  const types: Record<string, string> = {
    pdf: "application/pdf",
    txt: "text/plain",
    odt: "application/vnd.oasis.opendocument.text",
  };
  return types[name.split(".").at(-1)?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

function errorCode(error: unknown): string | null {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : null;
}
