import { setTimeout as delay } from "node:timers/promises";

/** `nextcloud`: Nextcloud's WebDAV with its extensions; `webdav`: any RFC 4918 server (Apache mod_dav…). */
export type NextcloudFlavour = "nextcloud" | "webdav";

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface NextcloudWorkspaceOptions {
  /** `https://cloud.example.fr` (a sub-path such as `/nextcloud` is kept). */
  baseUrl: string;
  /** The user id: files live under `/remote.php/dav/files/{user}/`. */
  user: string;
  /** An app password (Basic auth), never the account password. */
  appPassword: string;
  /**
   * `webdav` (plain WebDAV such as Apache mod_dav): no `oc:fileid` (fileId null, url = the WebDAV
   * URL), no chunked upload, no OCS. Default `nextcloud`.
   */
  flavour?: NextcloudFlavour;
  /** For our own requests (uploads, downloads, OCS); default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Files larger than this go through chunked upload v2 (Nextcloud flavour). Default 50 MB. */
  chunkThresholdBytes?: number;
  /**
   * Size of each chunk (Nextcloud asks for 5 MiB to 5 GiB, the last one smaller). Default: what the
   * server advertises (`files.chunked_upload.max_size`, 100 MiB unless its administrator changed
   * it), else 10 MiB. See chunk-plan.ts.
   */
  chunkSizeBytes?: number;
  /**
   * Chunk requests in flight at once (sent, not yet answered), never buffered. Default 4, or the
   * server's `files.chunked_upload.max_parallel_count` if lower.
   */
  chunkConcurrency?: number;
  /** A request without headers back, or an upload without progress, for this long fails. Default 30 s. */
  requestTimeoutMs?: number;
  /** Once an upload's body is sent, how long the server may take to answer (assembling). Default 10 min. */
  responseTimeoutMs?: number;
  /** 429/503 answered with a Retry-After up to this are retried here; longer ones are surfaced. Default 30 s. */
  maxRetryAfterMs?: number;
  /** How many such retries per request. Default 3. */
  maxRetries?: number;
  /** Waits between retries (tests pass one that does not wait). */
  sleep?: Sleep;
  /** The clock, to read a Retry-After given as an HTTP date. */
  now?: () => number;
}

export type ResolvedOptions = Required<
  Omit<NextcloudWorkspaceOptions, "fetch" | "chunkSizeBytes" | "chunkConcurrency">
> & {
  fetch: typeof fetch;
  /** null: decided per upload from the server's capabilities (chunk-plan.ts). */
  chunkSizeBytes: number | null;
  chunkConcurrency: number | null;
};

const MB = 1024 * 1024;

export function resolveOptions(options: NextcloudWorkspaceOptions): ResolvedOptions {
  const chunkSizeBytes = options.chunkSizeBytes ?? null;
  if (chunkSizeBytes !== null && (!Number.isSafeInteger(chunkSizeBytes) || chunkSizeBytes < 1)) {
    throw new RangeError("chunkSizeBytes must be a positive integer");
  }
  const chunkConcurrency = options.chunkConcurrency ?? null;
  if (chunkConcurrency !== null && (!Number.isSafeInteger(chunkConcurrency) || chunkConcurrency < 1)) {
    throw new RangeError("chunkConcurrency must be a positive integer");
  }
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    user: options.user,
    appPassword: options.appPassword,
    flavour: options.flavour ?? "nextcloud",
    fetch: options.fetch ?? globalThis.fetch,
    chunkThresholdBytes: options.chunkThresholdBytes ?? 50 * MB,
    chunkSizeBytes,
    chunkConcurrency,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    responseTimeoutMs: options.responseTimeoutMs ?? 10 * 60_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    maxRetries: options.maxRetries ?? 3,
    sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, signal === undefined ? {} : { signal })),
    now: options.now ?? Date.now,
  };
}
