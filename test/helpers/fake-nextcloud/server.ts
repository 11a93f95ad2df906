/**
 * The fake Nextcloud's server: node:http on 127.0.0.1 (port 0), each request recorded, checked
 * against the injected faults, routed (OCS, the user's files, chunked uploads) and authenticated;
 * errors come out as Sabre's `<d:error>` bodies.
 */
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BasicAuth } from "./auth.ts";
import { handleUploads } from "./chunked-uploads.ts";
import { handleFiles } from "./dav.ts";
import { HttpError, SABRE } from "./errors.ts";
import { type Fault, type FaultOptions, Faults } from "./faults.ts";
import { connectionGone, sendError } from "./http.ts";
import { type ChunkedUploadCapability, DEFAULT_CHUNKED_UPLOAD, handleOcs } from "./ocs.ts";
import { parseRoute } from "./routes.ts";
import { Storage } from "./storage.ts";

export interface RecordedRequest {
  method: string;
  /** The raw (percent-encoded) path, with the query string. */
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FakeNextcloudOptions {
  /** user id → app password; default `{ alice: "app-password-alice" }`. */
  users?: Record<string, string>;
  /** Failed logins from one address before every request from it gets 429 (Nextcloud: 10). */
  bruteForceMaxAttempts?: number;
  /** Quota per user in bytes (507 beyond); default none. */
  quotaBytes?: number;
  /** Send `OC-FileId` on PUT/MOVE/MKCOL as Nextcloud does (default true). */
  fileIdHeader?: boolean;
  /**
   * The capabilities' `files.chunked_upload` (`max_size`, `max_parallel_count`); default Nextcloud's
   * own, 100 MiB and 5. null: not advertised, as by a Nextcloud older than 31.
   */
  chunkedUpload?: ChunkedUploadCapability | null;
}

export interface FakeNextcloud {
  baseUrl: string;
  user: string;
  appPassword: string;
  /** Where the files of a user live on disk: `{dataDir}/files/{user}/…`. */
  dataDir: string;
  requests: RecordedRequest[];
  failNext(fault: Fault, options?: FaultOptions): void;
  /** The folders left in `/remote.php/dav/uploads/{user}/`. */
  uploadFolders(user?: string): Promise<string[]>;
  /** Every file and folder on disk under the user's files, `.part` files included. */
  diskTree(user?: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startFakeNextcloud(options: FakeNextcloudOptions = {}): Promise<FakeNextcloud> {
  const users = options.users ?? { alice: "app-password-alice" };
  const [firstUser, firstPassword] = Object.entries(users)[0] ?? ["alice", "app-password-alice"];
  const dataDir = await mkdtemp(join(tmpdir(), "fake-nextcloud-"));
  const storage = new Storage(dataDir, options);
  const auth = new BasicAuth(users, options.bruteForceMaxAttempts ?? 10);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  for (const user of Object.keys(users)) {
    await mkdir(storage.filesPath(user, []), { recursive: true });
    await mkdir(storage.uploadsPath(user), { recursive: true });
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const rawPath = req.url ?? "/";
    requests.push({ method, path: rawPath, headers: req.headers });
    const fault = faults.take(method, rawPath);
    if (fault?.kind === "status") {
      req.resume();
      return sendError(
        res,
        new HttpError(
          fault.status,
          `${SABRE}ServiceUnavailable`,
          "Injected fault",
          fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter },
        ),
      );
    }
    if (fault?.kind === "hold") {
      fault.onHeld?.();
      await fault.until;
    }
    if (fault?.kind === "drop") {
      const limit = fault.afterBodyBytes ?? 0;
      if (limit === 0) return void req.socket.destroy();
      faults.dropAfter(req, limit);
    }
    const url = new URL(rawPath, "http://fake.invalid");
    const route = parseRoute(url.pathname);
    if (route.area === "ocs") {
      const chunkedUpload =
        options.chunkedUpload === undefined ? DEFAULT_CHUNKED_UPLOAD : options.chunkedUpload;
      return handleOcs(auth, req, res, route.endpoint, url, chunkedUpload);
    }
    const user = auth.authenticate(req);
    if (route.user !== user) throw new HttpError(403, `${SABRE}Forbidden`, "Access to another user's files");
    if (route.area === "uploads") return handleUploads(storage, faults, req, res, user, route.segments);
    return handleFiles(storage, faults, req, res, user, route.segments);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      req.resume();
      if (res.headersSent || connectionGone(req)) return void res.destroy();
      sendError(
        res,
        error instanceof HttpError ? error : new HttpError(500, `${SABRE}ServiceUnavailable`, String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") {
    server.close();
    await rm(dataDir, { recursive: true, force: true });
    throw new Error("the fake Nextcloud has no TCP port");
  }

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    user: firstUser,
    appPassword: firstPassword,
    dataDir,
    requests,
    failNext(fault, faultOptions) {
      faults.add(fault, faultOptions);
    },
    async uploadFolders(user = firstUser) {
      return readdir(storage.uploadsPath(user));
    },
    async diskTree(user = firstUser) {
      return (await readdir(storage.filesPath(user, []), { recursive: true })).sort();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.settle();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
