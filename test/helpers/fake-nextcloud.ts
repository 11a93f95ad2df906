/**
 * An in-process fake Nextcloud on node:http (127.0.0.1, port 0) that stores files on disk in a
 * temporary folder, streaming both ways, and answers with Nextcloud's status codes, headers and
 * Sabre error bodies: Basic auth with brute-force throttling, WebDAV (PROPFIND multistatus with
 * `d:`/`oc:`/`nc:` namespaces, PUT with `If-None-Match`, MKCOL 405/409, MOVE with `Overwrite`),
 * `X-NC-WebDAV-Auto-Mkcol`, chunked upload v2, the OCS `cloud/user` and `cloud/capabilities`
 * endpoints, fault injection and a record of requests. Differences from a real Nextcloud are listed
 * in docs/workspace.md.
 */
import { randomInt } from "node:crypto";
import { createReadStream, createWriteStream, type Stats } from "node:fs";
import { link, mkdir, mkdtemp, readdir, rename, rm, stat } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { XMLParser } from "fast-xml-parser";

export type Fault =
  /** Answer this status at once (with a Retry-After if given) without touching anything. */
  | { kind: "status"; status: number; retryAfter?: string }
  /** Close the connection: at once, or once this many body bytes have arrived. */
  | { kind: "drop"; afterBodyBytes?: number };

export interface FaultOptions {
  /** How many matching requests fail (default 1). */
  count?: number;
  /** Let this many matching requests through first (default 0). */
  after?: number;
  method?: string;
  pathIncludes?: string;
}

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

export const INSTANCE_ID = "ocfake0nc1x9";
const SABRE = "Sabre\\DAV\\Exception\\";
const XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n';
const NS: Record<string, string> = {
  "DAV:": "d",
  "http://owncloud.org/ns": "oc",
  "http://nextcloud.org/ns": "nc",
};

class HttpError extends Error {
  readonly status: number;
  readonly exception: string;
  readonly headers: Record<string, string>;
  constructor(status: number, exception: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.exception = exception;
    this.headers = headers;
  }
}

interface Rule {
  fault: Fault;
  count: number;
  after: number;
  method?: string;
  pathIncludes?: string;
}

type Route =
  | { area: "files" | "uploads"; user: string; segments: string[] }
  | { area: "ocs"; endpoint: "user" | "capabilities" };

export async function startFakeNextcloud(options: FakeNextcloudOptions = {}): Promise<FakeNextcloud> {
  const users = options.users ?? { alice: "app-password-alice" };
  const [firstUser, firstPassword] = Object.entries(users)[0] ?? ["alice", "app-password-alice"];
  const maxAttempts = options.bruteForceMaxAttempts ?? 10;
  const dataDir = await mkdtemp(join(tmpdir(), "fake-nextcloud-"));
  const requests: RecordedRequest[] = [];
  const rules: Rule[] = [];
  const failures = new Map<string, number>();
  const ids = new Map<string, number>();
  const dropLimits = new WeakMap<IncomingMessage, number>();
  let nextId = 100;
  for (const user of Object.keys(users)) {
    await mkdir(join(dataDir, "files", user), { recursive: true });
    await mkdir(join(dataDir, "uploads", user), { recursive: true });
  }

  const idOf = (absolute: string): number => {
    let id = ids.get(absolute);
    if (id === undefined) {
      id = nextId++;
      ids.set(absolute, id);
    }
    return id;
  };
  const forget = (absolute: string) => {
    for (const key of [...ids.keys()])
      if (key === absolute || key.startsWith(`${absolute}/`)) ids.delete(key);
  };
  const rekey = (from: string, to: string) => {
    forget(to);
    for (const [key, id] of [...ids.entries()]) {
      if (key !== from && !key.startsWith(`${from}/`)) continue;
      ids.delete(key);
      ids.set(to + key.slice(from.length), id);
    }
  };
  const filesPath = (user: string, segments: readonly string[]) => join(dataDir, "files", user, ...segments);
  const fileIdHeaders = (absolute: string): Record<string, string> =>
    options.fileIdHeader === false
      ? {}
      : { "oc-fileid": `${String(idOf(absolute)).padStart(8, "0")}${INSTANCE_ID}` };

  const takeFault = (method: string, path: string): Fault | null => {
    const rule = rules.find(
      (r) =>
        (r.method === undefined || r.method === method) &&
        (r.pathIncludes === undefined || path.includes(r.pathIncludes)),
    );
    if (rule === undefined) return null;
    if (rule.after > 0) {
      rule.after -= 1;
      return null;
    }
    rule.count -= 1;
    if (rule.count <= 0) rules.splice(rules.indexOf(rule), 1);
    return rule.fault;
  };

  /** Basic auth with Nextcloud's brute-force protection (no delays here: 429 once over the limit). */
  const authenticate = (req: IncomingMessage): string => {
    const address = req.socket.remoteAddress ?? "?";
    if ((failures.get(address) ?? 0) >= maxAttempts) {
      throw new HttpError(429, "OCA\\DAV\\Connector\\Sabre\\Exception\\TooManyRequests", "");
    }
    const match = /^Basic (.+)$/i.exec(req.headers.authorization ?? "");
    const [user, ...rest] = Buffer.from(match?.[1] ?? "", "base64")
      .toString("utf8")
      .split(":");
    if (match === null || user === undefined || users[user] !== rest.join(":")) {
      failures.set(address, (failures.get(address) ?? 0) + 1);
      throw new HttpError(
        401,
        `${SABRE}NotAuthenticated`,
        "No public access to this resource., Username or password was incorrect",
        {
          "www-authenticate": 'Basic realm="Nextcloud", charset="UTF-8"',
        },
      );
    }
    failures.delete(address);
    return user;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const rawPath = req.url ?? "/";
    requests.push({ method, path: rawPath, headers: req.headers });
    const fault = takeFault(method, rawPath);
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
    if (fault?.kind === "drop") {
      const limit = fault.afterBodyBytes ?? 0;
      if (limit === 0) return void req.socket.destroy();
      dropLimits.set(req, limit);
    }
    const url = new URL(rawPath, "http://fake.invalid");
    const route = parseRoute(url.pathname);
    if (route.area === "ocs") return handleOcs(req, res, route.endpoint, url);
    const user = authenticate(req);
    if (route.user !== user) throw new HttpError(403, `${SABRE}Forbidden`, "Access to another user's files");
    if (route.area === "uploads") return handleUploads(req, res, user, route.segments);
    return handleFiles(req, res, user, route.segments, method);
  };

  const handleOcs = async (
    req: IncomingMessage,
    res: ServerResponse,
    endpoint: "user" | "capabilities",
    url: URL,
  ) => {
    req.resume();
    if (req.headers["ocs-apirequest"] !== "true") return sendJson(res, 412, { message: "CSRF check failed" });
    let user: string;
    try {
      user = authenticate(req);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      return sendJson(res, status, ocsEnvelope("failure", 997, "Current user is not logged in", []));
    }
    if (url.searchParams.get("format") !== "json") return sendJson(res, 400, { message: "format=json only" });
    if (endpoint === "user") {
      return sendJson(
        res,
        200,
        ocsEnvelope("ok", 200, "OK", { enabled: true, id: user, "display-name": user, email: null }),
      );
    }
    return sendJson(
      res,
      200,
      ocsEnvelope("ok", 200, "OK", {
        version: { major: 30, minor: 0, micro: 4, string: "30.0.4", edition: "", extendedSupport: false },
        capabilities: {
          core: { "webdav-root": "remote.php/webdav" },
          dav: { chunking: "1.0", bulkupload: "1.0" },
          files: { bigfilechunking: true },
        },
      }),
    );
  };

  const handleFiles = async (
    req: IncomingMessage,
    res: ServerResponse,
    user: string,
    segments: string[],
    method: string,
  ) => {
    const absolute = filesPath(user, segments);
    switch (method) {
      case "PROPFIND":
        return propfind(req, res, user, segments);
      case "GET": {
        req.resume();
        const info = await statOrNull(absolute);
        if (info === null) throw notFound(segments);
        if (info.isDirectory())
          throw new HttpError(501, `${SABRE}NotImplemented`, "GET is not implemented on this collection");
        res.writeHead(200, {
          "content-type": "application/octet-stream",
          "content-length": info.size,
          etag: etag(info),
        });
        return pipeline(createReadStream(absolute), res);
      }
      case "PUT":
        return put(req, res, user, segments);
      case "MKCOL": {
        req.resume();
        if (segments.length === 0 || (await statOrNull(absolute)) !== null) {
          throw new HttpError(
            405,
            `${SABRE}MethodNotAllowed`,
            "The resource you tried to create already exists",
          );
        }
        checkName(segments);
        if ((await statOrNull(dirname(absolute)))?.isDirectory() !== true) {
          throw new HttpError(409, `${SABRE}Conflict`, "Parent node does not exist");
        }
        await mkdir(absolute);
        return sendEmpty(res, 201, fileIdHeaders(absolute));
      }
      case "DELETE": {
        req.resume();
        if (segments.length === 0)
          throw new HttpError(403, `${SABRE}Forbidden`, "Cannot delete the home folder");
        if ((await statOrNull(absolute)) === null) throw notFound(segments);
        await rm(absolute, { recursive: true, force: true });
        forget(absolute);
        return sendEmpty(res, 204);
      }
      case "MOVE": {
        req.resume();
        if ((await statOrNull(absolute)) === null) throw notFound(segments);
        const target = destination(req, user);
        const replaced = await checkDestination(req, target);
        if (replaced) await rm(target.absolute, { recursive: true, force: true });
        await rename(absolute, target.absolute);
        rekey(absolute, target.absolute);
        return sendEmpty(res, replaced ? 204 : 201, fileIdHeaders(target.absolute));
      }
      default:
        req.resume();
        throw new HttpError(
          501,
          `${SABRE}NotImplemented`,
          `There was no plugin in the system that was willing to handle this ${method} method.`,
        );
    }
  };

  const put = async (req: IncomingMessage, res: ServerResponse, user: string, segments: string[]) => {
    const absolute = filesPath(user, segments);
    if (segments.length === 0)
      throw new HttpError(405, `${SABRE}MethodNotAllowed`, "PUT is not allowed on non-files.");
    checkName(segments);
    const existing = await statOrNull(absolute);
    if (existing?.isDirectory() === true)
      throw new HttpError(405, `${SABRE}MethodNotAllowed`, "PUT is not allowed on non-files.");
    const exclusive = req.headers["if-none-match"] === "*";
    if (exclusive && existing !== null) {
      throw new HttpError(
        412,
        `${SABRE}PreconditionFailed`,
        "An If-None-Match header was specified, but the ETag matched (or * was specified).",
      );
    }
    if ((await statOrNull(dirname(absolute)))?.isDirectory() !== true) {
      if (req.headers["x-nc-webdav-auto-mkcol"] !== "1") {
        throw new HttpError(409, `${SABRE}Conflict`, "Files cannot be created in non-existent collections");
      }
      await mkdir(dirname(absolute), { recursive: true });
    }
    const declared = contentLength(req);
    await checkQuota(user, declared);
    const part = join(dirname(absolute), `.${segments.at(-1)}.ocTransferId${randomInt(1e9)}.part`);
    const written = await receive(req, part, dropLimits.get(req));
    if (written === null) return;
    if (declared !== null && written !== declared) {
      await rm(part, { force: true });
      throw new HttpError(
        400,
        `${SABRE}BadRequest`,
        `Expected filesize of ${declared} bytes but read (from Nextcloud client) and wrote (to Nextcloud storage) ${written} bytes. Could either be a network problem on the sending side or a problem writing to the storage on the server side.`,
      );
    }
    const replaced = await place(part, absolute, !exclusive);
    return sendEmpty(res, replaced ? 204 : 201, {
      ...fileIdHeaders(absolute),
      etag: etag(await stat(absolute)),
      "oc-etag": etag(await stat(absolute)),
    });
  };

  /** Moves a finished `.part` to its name: linked (fails if taken) unless overwriting is allowed. */
  const place = async (part: string, absolute: string, overwrite: boolean): Promise<boolean> => {
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
  };

  const handleUploads = async (
    req: IncomingMessage,
    res: ServerResponse,
    user: string,
    segments: string[],
  ) => {
    const method = req.method ?? "GET";
    const [uploadId, child, ...extra] = segments;
    if (uploadId === undefined || extra.length > 0)
      throw new HttpError(405, `${SABRE}MethodNotAllowed`, "Not an upload folder");
    const folder = join(dataDir, "uploads", user, uploadId);
    const folderExists = (await statOrNull(folder)) !== null;
    if (method === "MKCOL" && child === undefined) {
      req.resume();
      if (folderExists)
        throw new HttpError(
          405,
          `${SABRE}MethodNotAllowed`,
          "The resource you tried to create already exists",
        );
      destination(req, user);
      await mkdir(folder);
      return sendEmpty(res, 201);
    }
    if (!folderExists) {
      req.resume();
      throw new HttpError(404, `${SABRE}NotFound`, `File with name ${uploadId} could not be located`);
    }
    if (method === "DELETE" && child === undefined) {
      req.resume();
      await rm(folder, { recursive: true, force: true, maxRetries: 5 });
      return sendEmpty(res, 204);
    }
    if (method === "PUT" && child !== undefined) {
      destination(req, user);
      const index = /^\d+$/.test(child) ? Number(child) : -1;
      if (index < 1 || index > 10_000) {
        req.resume();
        throw new HttpError(
          400,
          `${SABRE}BadRequest`,
          "Invalid chunk name, must be numeric between 1 and 10000",
        );
      }
      const total = Number(req.headers["oc-total-length"] ?? Number.NaN);
      await checkQuota(user, Number.isFinite(total) ? total : contentLength(req));
      const partial = join(folder, `${child}.receiving`);
      const written = await receive(req, partial, dropLimits.get(req));
      if (written === null) return;
      const declared = contentLength(req);
      if (declared !== null && written !== declared) {
        await rm(partial, { force: true });
        throw new HttpError(
          400,
          `${SABRE}BadRequest`,
          `Expected filesize of ${declared} bytes but read ${written} bytes`,
        );
      }
      await rename(partial, join(folder, child));
      return sendEmpty(res, 201);
    }
    if (method === "MOVE" && child === ".file") {
      req.resume();
      const target = destination(req, user);
      const replaced = await checkDestination(req, target);
      const chunks = (await readdir(folder))
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(a) - Number(b));
      const part = join(
        dirname(target.absolute),
        `.${target.segments.at(-1)}.ocTransferId${randomInt(1e9)}.part`,
      );
      const out = createWriteStream(part, { flags: "wx" });
      await pipeline(
        (async function* () {
          for (const chunk of chunks)
            yield* createReadStream(join(folder, chunk), { highWaterMark: 1 << 20 });
        })(),
        out,
      );
      const size = (await stat(part)).size;
      const total = req.headers["oc-total-length"];
      if (total !== undefined && Number(total) !== size) {
        await rm(part, { force: true });
        throw new HttpError(
          400,
          `${SABRE}BadRequest`,
          `Chunks on server do not sum up to ${total} but to ${size} bytes`,
        );
      }
      await place(part, target.absolute, replaced);
      await rm(folder, { recursive: true, force: true, maxRetries: 5 });
      return sendEmpty(res, replaced ? 204 : 201, fileIdHeaders(target.absolute));
    }
    req.resume();
    if (method === "GET")
      throw new HttpError(405, `${SABRE}MethodNotAllowed`, "Reading intermediate uploads is not allowed");
    throw new HttpError(501, `${SABRE}NotImplemented`, `${method} is not handled on uploads`);
  };

  /** The Destination header as a path in the user's files (it must be one). */
  const destination = (req: IncomingMessage, user: string) => {
    const header = req.headers.destination;
    if (header === undefined || header === "")
      throw new HttpError(400, `${SABRE}BadRequest`, "The destination header was not supplied");
    const route = parseRoute(new URL(header, "http://fake.invalid").pathname);
    if (route.area !== "files" || route.user !== user || route.segments.length === 0) {
      throw new HttpError(400, `${SABRE}BadRequest`, "The destination header must point to the user's files");
    }
    checkName(route.segments);
    return { segments: route.segments, absolute: filesPath(user, route.segments) };
  };

  /** Sabre's getCopyAndMoveInfo: 412 if taken without overwrite, 409 without parent; true if replacing. */
  const checkDestination = async (req: IncomingMessage, target: { absolute: string }): Promise<boolean> => {
    const overwrite = String(req.headers.overwrite ?? "T").toUpperCase() !== "F";
    if ((await statOrNull(dirname(target.absolute)))?.isDirectory() !== true) {
      throw new HttpError(409, `${SABRE}Conflict`, "The destination node is not found");
    }
    const taken = (await statOrNull(target.absolute)) !== null;
    if (taken && !overwrite) {
      throw new HttpError(
        412,
        `${SABRE}PreconditionFailed`,
        "The destination node already exists, and the overwrite header is set to false",
      );
    }
    return taken;
  };

  const checkQuota = async (user: string, incoming: number | null) => {
    if (options.quotaBytes === undefined || incoming === null) return;
    const used = await treeSize(join(dataDir, "files", user));
    if (used + incoming > options.quotaBytes) {
      throw new HttpError(
        507,
        `${SABRE}InsufficientStorage`,
        `Insufficient space in ${user}, ${incoming} required, ${options.quotaBytes - used} available`,
      );
    }
  };

  const propfind = async (req: IncomingMessage, res: ServerResponse, user: string, segments: string[]) => {
    const wanted = parsePropfind(await readText(req));
    const absolute = filesPath(user, segments);
    const info = await statOrNull(absolute);
    if (info === null) throw notFound(segments);
    const depth = req.headers.depth === "0" ? 0 : 1;
    const entries: { segments: string[]; absolute: string; info: Stats }[] = [{ segments, absolute, info }];
    if (depth === 1 && info.isDirectory()) {
      for (const name of (await readdir(absolute)).sort()) {
        if (name.endsWith(".part")) continue; // part files are not in Nextcloud's file cache
        const childInfo = await statOrNull(join(absolute, name));
        if (childInfo !== null)
          entries.push({ segments: [...segments, name], absolute: join(absolute, name), info: childInfo });
      }
    }
    const responses = [];
    for (const entry of entries) {
      const folder = entry.info.isDirectory();
      const values: Record<string, string | null> = {
        "DAV: resourcetype": folder ? "<d:collection/>" : "",
        "DAV: getlastmodified": entry.info.mtime.toUTCString(),
        "DAV: getetag": escapeXml(etag(entry.info)),
        "DAV: getcontentlength": folder ? null : String(entry.info.size),
        "DAV: getcontenttype": folder ? null : contentType(entry.segments.at(-1) ?? ""),
        "http://owncloud.org/ns fileid": String(idOf(entry.absolute)),
        "http://owncloud.org/ns id": `${String(idOf(entry.absolute)).padStart(8, "0")}${INSTANCE_ID}`,
        "http://owncloud.org/ns size": String(folder ? await treeSize(entry.absolute) : entry.info.size),
        "http://owncloud.org/ns permissions": folder ? "RGDNVCK" : "RGDNVW",
      };
      const names = wanted ?? [
        "DAV: resourcetype",
        "DAV: getlastmodified",
        "DAV: getetag",
        "DAV: getcontentlength",
        "DAV: getcontenttype",
      ];
      const found: string[] = [];
      const missing: string[] = [];
      names.forEach((key, index) => {
        const [ns = "", local = ""] = key.split(" ");
        const prefix = NS[ns];
        const tag = prefix === undefined ? `x${index}:${local}` : `${prefix}:${local}`;
        const declaration = prefix === undefined ? ` xmlns:x${index}="${escapeXml(ns)}"` : "";
        const value = values[key];
        if (value === undefined || value === null) {
          if (wanted !== null) missing.push(`<${tag}${declaration}/>`);
        } else {
          found.push(value === "" ? `<${tag}/>` : `<${tag}>${value}</${tag}>`);
        }
      });
      const href = `/remote.php/dav/files/${sabreEncode(user)}/${entry.segments.map(sabreEncode).join("/")}${folder && entry.segments.length > 0 ? "/" : ""}`;
      responses.push(
        `<d:response><d:href>${escapeXml(href)}</d:href>` +
          (found.length > 0
            ? `<d:propstat><d:prop>${found.join("")}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>`
            : "") +
          (missing.length > 0
            ? `<d:propstat><d:prop>${missing.join("")}</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>`
            : "") +
          "</d:response>",
      );
    }
    const body = `${XML_HEADER}<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">${responses.join("")}</d:multistatus>\n`;
    res.writeHead(207, {
      "content-type": "application/xml; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      dav: "1, 3, extended-mkcol",
    });
    res.end(body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || req.socket.destroyed) return void res.destroy();
      sendError(
        res,
        error instanceof HttpError ? error : new HttpError(500, `${SABRE}ServiceUnavailable`, String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the fake Nextcloud has no TCP port");
  const { port } = address;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    user: firstUser,
    appPassword: firstPassword,
    dataDir,
    requests,
    failNext(fault, faultOptions = {}) {
      rules.push({
        fault,
        count: faultOptions.count ?? 1,
        after: faultOptions.after ?? 0,
        method: faultOptions.method,
        pathIncludes: faultOptions.pathIncludes,
      });
    },
    async uploadFolders(user = firstUser) {
      return readdir(join(dataDir, "uploads", user));
    },
    async diskTree(user = firstUser) {
      return (await readdir(join(dataDir, "files", user), { recursive: true })).sort();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes the request body to `file`; null when the connection went away (the file is removed).
 * With `dropAfter`, the connection is closed once that many bytes have arrived (fault injection).
 */
async function receive(req: IncomingMessage, file: string, dropAfter?: number): Promise<number | null> {
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
  } catch {
    await rm(file, { force: true });
    return null;
  }
}

function parseRoute(pathname: string): Route {
  const raw = pathname.split("/").filter((segment) => segment !== "");
  let segments: string[];
  try {
    segments = raw.map((segment) => decodeURIComponent(segment));
  } catch {
    throw new HttpError(400, `${SABRE}BadRequest`, "Malformed URL encoding");
  }
  if (segments[0] === "ocs" && segments[1] === "v2.php" && segments[2] === "cloud" && segments.length === 4) {
    if (segments[3] === "user" || segments[3] === "capabilities")
      return { area: "ocs", endpoint: segments[3] };
  }
  const [remote, dav, area, user, ...rest] = segments;
  if (
    remote === "remote.php" &&
    dav === "dav" &&
    (area === "files" || area === "uploads") &&
    user !== undefined
  ) {
    return { area, user, segments: rest };
  }
  throw new HttpError(404, `${SABRE}NotFound`, "File not found in root");
}

/** Nextcloud's FilenameValidator defaults: no `\`, no `.part`/`.filepart`, no `.htaccess`, ≤ 250 bytes. */
function checkName(segments: readonly string[]): void {
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

/** The props asked for as `"{namespace} {local}"`, or null for allprop / an empty body. */
function parsePropfind(body: string): string[] | null {
  if (body.trim() === "") return null;
  const tree: unknown = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_" }).parse(body);
  const root = findChild(tree, "propfind");
  if (root === null) throw new HttpError(400, `${SABRE}BadRequest`, "The root element must be propfind");
  const namespaces = new Map<string, string>();
  const collect = (node: object) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === "@_xmlns" && typeof value === "string") namespaces.set("", value);
      if (key.startsWith("@_xmlns:") && typeof value === "string") namespaces.set(key.slice(8), value);
    }
  };
  collect(root);
  const prop = findChild(root, "prop");
  if (prop === null) return null;
  collect(prop);
  return Object.keys(prop)
    .filter((key) => !key.startsWith("@_"))
    .map((key) => {
      const [prefix, local] = key.includes(":") ? key.split(":", 2) : ["", key];
      return `${namespaces.get(prefix ?? "") ?? ""} ${local}`;
    });
}

function findChild(node: unknown, local: string): Record<string, unknown> | null {
  if (typeof node !== "object" || node === null) return null;
  for (const [key, value] of Object.entries(node)) {
    if (key === local || key.endsWith(`:${local}`)) {
      if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value));
      return {};
    }
  }
  return null;
}

function ocsEnvelope(status: string, statuscode: number, message: string, data: unknown) {
  return { ocs: { meta: { status, statuscode, message, totalitems: "", itemsperpage: "" }, data } };
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-length": 0, ...headers });
  res.end();
}

/** Sabre's error body: `<d:error>` with `<s:exception>` and `<s:message>`. */
function sendError(res: ServerResponse, error: HttpError): void {
  const hint =
    error.status === 429 ? '<o:hint xmlns:o="http://owncloud.org/ns">too many requests</o:hint>' : "";
  const body = `${XML_HEADER}<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">\n  <s:exception>${escapeXml(error.exception)}</s:exception>\n  <s:message>${escapeXml(error.message)}</s:message>\n${hint}</d:error>\n`;
  res.writeHead(error.status, {
    "content-type": "application/xml; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    ...error.headers,
  });
  res.end(body);
}

function notFound(segments: readonly string[]): HttpError {
  return new HttpError(404, `${SABRE}NotFound`, `File with name ${segments.join("/")} could not be located`);
}

function contentLength(req: IncomingMessage): number | null {
  const value = req.headers["content-length"];
  return value === undefined ? null : Number(value);
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

async function treeSize(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

function etag(info: Stats): string {
  return `"${Math.floor(info.mtimeMs).toString(16)}${info.size.toString(16)}"`;
}

function contentType(name: string): string {
  const types: Record<string, string> = {
    pdf: "application/pdf",
    txt: "text/plain",
    odt: "application/vnd.oasis.opendocument.text",
  };
  return types[name.split(".").at(-1)?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

/** Sabre\HTTP\encodePath: everything but `A-Za-z0-9_-.~()/:@` percent-encoded, lowercase hex. */
function sabreEncode(segment: string): string {
  return [...Buffer.from(segment, "utf8")]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9_\-.~():@]/.test(char) && byte < 128
        ? char
        : `%${byte.toString(16).padStart(2, "0")}`;
    })
    .join("");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function errorCode(error: unknown): string | null {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : null;
}
