import type { Readable } from "node:stream";

/**
 * The port between the filing core and a document store: Nextcloud over WebDAV/OCS, or a local
 * folder (the embedded default). Paths are workspace-relative, `/`-separated, without a leading
 * slash (`03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.pdf`); each segment has been
 * checked by the caller (see `src/domain/filing/names.ts`). Nothing here ever overwrites a file.
 */
export interface Workspace {
  readonly kind: "local" | "nextcloud";
  /** Direct children of a folder (`""` is the root); an empty list when the folder does not exist. */
  list(folder: string): Promise<WorkspaceEntry[]>;
  /** The entry at `path`, or null. */
  stat(path: string): Promise<WorkspaceEntry | null>;
  /** Creates the folder and any missing parent; an existing folder is fine. */
  ensureFolder(folder: string): Promise<void>;
  /**
   * Writes a new file. Never overwrites: throws `WorkspaceError("exists")` when the path is
   * taken. On any failure nothing half-written is left at `path`.
   */
  putNew(path: string, source: UploadSource, options?: PutOptions): Promise<StoredFile>;
  /** Moves a file to a path that must be free (`WorkspaceError("exists")` otherwise). */
  move(from: string, to: string): Promise<StoredFile>;
  /** Deletes a file (used to undo a failed filing and by tests); a missing file is fine. */
  remove(path: string): Promise<void>;
  /** Reads a file back (tests, checks). */
  read(path: string): Promise<Readable>;
}

export interface WorkspaceEntry {
  path: string;
  name: string;
  type: "file" | "folder";
  size: number;
  /** Nextcloud's `oc:fileid`; for a local folder, the inode number. */
  fileId: string | null;
}

export interface UploadSource {
  /** A fresh stream of the content at each call (a retried upload reads it again). */
  open(): Readable;
  /**
   * Optional: the bytes from `start` to `end` (exclusive), each chunk **lent** — valid only until
   * the next one is asked for (a file on disk reads them into one reused buffer: see
   * `readFileRange`). An upload then reads the source without garbage, and a chunked upload reads
   * its chunks in parallel, each from its own offset (a retried chunk reads only its own range).
   */
  readRange?(start: number, end: number): AsyncIterable<Uint8Array>;
  /** Exact size in bytes: sent as Content-Length / OC-Total-Length. */
  size: number;
}

export interface PutOptions {
  /** Called as bytes go out; `sent` grows up to `total`. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

export interface StoredFile {
  path: string;
  fileId: string | null;
  size: number;
  /** What the bot answers with: Nextcloud `/index.php/f/{fileid}`, a `file://` URL locally. */
  url: string;
}

export type WorkspaceErrorCode =
  /** The path is taken (412 on If-None-Match, or a local file exists). */
  | "exists"
  | "not-found"
  /** 401/403: wrong app password, or throttled for brute force — never retried in a loop. */
  | "auth"
  /** 429 or 503 with a Retry-After: try again after `retryAfterMs`. */
  | "rate-limited"
  /** Down, 5xx, network error, timeout: the file is spooled and retried later. */
  | "unavailable"
  /** 413 or over the quota. */
  | "too-large"
  /** The server refused the name (reserved characters, too long). */
  | "invalid-name";

export class WorkspaceError extends Error {
  readonly code: WorkspaceErrorCode;
  readonly retryAfterMs: number | null;
  readonly status: number | null;

  constructor(
    code: WorkspaceErrorCode,
    message: string,
    options: { retryAfterMs?: number | null; status?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "WorkspaceError";
    this.code = code;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
  }
}
