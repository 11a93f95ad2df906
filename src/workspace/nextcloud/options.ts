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
  /** Size of each chunk (Nextcloud asks for 5 MB to 5 GB, the last one smaller). Default 10 MB. */
  chunkSizeBytes?: number;
  /**
   * Chunk requests in flight at once (sent, not yet answered). Their bodies are read from the source
   * one after the other, never buffered: the next chunk is sent while the previous ones wait for
   * their answer. Default 4.
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

export type ResolvedOptions = Required<Omit<NextcloudWorkspaceOptions, "fetch">> & { fetch: typeof fetch };

const MB = 1024 * 1024;

export function resolveOptions(options: NextcloudWorkspaceOptions): ResolvedOptions {
  const chunkSizeBytes = options.chunkSizeBytes ?? 10 * MB;
  if (!Number.isSafeInteger(chunkSizeBytes) || chunkSizeBytes < 1) {
    throw new RangeError("chunkSizeBytes must be a positive integer");
  }
  const chunkConcurrency = options.chunkConcurrency ?? 4;
  if (!Number.isSafeInteger(chunkConcurrency) || chunkConcurrency < 1) {
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
