/** WebDAV on the user's files (`/remote.php/dav/files/{user}/…`): PROPFIND, GET, PUT, MKCOL, DELETE, MOVE. */
import { createReadStream, type Stats } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { badRequest, HttpError, methodNotAllowed, notFound, SABRE } from "./errors.ts";
import type { Faults } from "./faults.ts";
import { contentLength, readText, sendEmpty } from "./http.ts";
import { checkDestination, destination } from "./routes.ts";
import {
  checkName,
  contentType,
  etag,
  partPath,
  place,
  receive,
  type Storage,
  statOrNull,
  treeSize,
} from "./storage.ts";
import {
  escapeXml,
  multistatus,
  multistatusResponse,
  type PropValues,
  parsePropfind,
  sabreEncode,
} from "./xml.ts";

export async function handleFiles(
  storage: Storage,
  faults: Faults,
  req: IncomingMessage,
  res: ServerResponse,
  user: string,
  segments: string[],
): Promise<void> {
  const method = req.method ?? "GET";
  const absolute = storage.filesPath(user, segments);
  switch (method) {
    case "PROPFIND":
      return propfind(storage, req, res, user, segments);
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
      return put(storage, faults, req, res, user, segments);
    case "MKCOL": {
      req.resume();
      if (segments.length === 0 || (await statOrNull(absolute)) !== null) {
        throw methodNotAllowed("The resource you tried to create already exists");
      }
      checkName(segments);
      if ((await statOrNull(dirname(absolute)))?.isDirectory() !== true) {
        throw new HttpError(409, `${SABRE}Conflict`, "Parent node does not exist");
      }
      await mkdir(absolute);
      return sendEmpty(res, 201, storage.fileIdHeaders(absolute));
    }
    case "DELETE": {
      req.resume();
      if (segments.length === 0)
        throw new HttpError(403, `${SABRE}Forbidden`, "Cannot delete the home folder");
      if ((await statOrNull(absolute)) === null) throw notFound(segments);
      await rm(absolute, { recursive: true, force: true });
      storage.forget(absolute);
      return sendEmpty(res, 204);
    }
    case "MOVE": {
      req.resume();
      if ((await statOrNull(absolute)) === null) throw notFound(segments);
      const target = destination(req, user, storage);
      const replaced = await checkDestination(req, target);
      if (replaced) await rm(target.absolute, { recursive: true, force: true });
      await rename(absolute, target.absolute);
      storage.rekey(absolute, target.absolute);
      return sendEmpty(res, replaced ? 204 : 201, storage.fileIdHeaders(target.absolute));
    }
    default:
      req.resume();
      throw new HttpError(
        501,
        `${SABRE}NotImplemented`,
        `There was no plugin in the system that was willing to handle this ${method} method.`,
      );
  }
}

/**
 * PUT: `If-None-Match: *` gives 412 on an existing file; a missing parent 409 unless
 * `X-NC-WebDAV-Auto-Mkcol: 1`; the body goes to a `.part` file, which then gets its name.
 */
async function put(
  storage: Storage,
  faults: Faults,
  req: IncomingMessage,
  res: ServerResponse,
  user: string,
  segments: string[],
): Promise<void> {
  const absolute = storage.filesPath(user, segments);
  if (segments.length === 0) throw methodNotAllowed("PUT is not allowed on non-files.");
  checkName(segments);
  const existing = await statOrNull(absolute);
  if (existing?.isDirectory() === true) throw methodNotAllowed("PUT is not allowed on non-files.");
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
  await storage.checkQuota(user, declared);
  const part = partPath(absolute);
  const written = await receive(req, part, faults.dropLimit(req));
  if (written === null) return;
  if (declared !== null && written !== declared) {
    await rm(part, { force: true });
    throw badRequest(
      `Expected filesize of ${declared} bytes but read (from Nextcloud client) and wrote (to Nextcloud storage) ${written} bytes. Could either be a network problem on the sending side or a problem writing to the storage on the server side.`,
    );
  }
  const replaced = await place(part, absolute, !exclusive);
  const info = await stat(absolute);
  return sendEmpty(res, replaced ? 204 : 201, {
    ...storage.fileIdHeaders(absolute),
    etag: etag(info),
    "oc-etag": etag(info),
  });
}

/** PROPFIND depth 0 or 1 (`infinity` is treated as 1); `.part` files are not listed. */
async function propfind(
  storage: Storage,
  req: IncomingMessage,
  res: ServerResponse,
  user: string,
  segments: string[],
): Promise<void> {
  const wanted = parsePropfind(await readText(req));
  const absolute = storage.filesPath(user, segments);
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
  const responses: string[] = [];
  for (const entry of entries) {
    const folder = entry.info.isDirectory();
    const values: PropValues = {
      "DAV: resourcetype": folder ? "<d:collection/>" : "",
      "DAV: getlastmodified": entry.info.mtime.toUTCString(),
      "DAV: getetag": escapeXml(etag(entry.info)),
      "DAV: getcontentlength": folder ? null : String(entry.info.size),
      "DAV: getcontenttype": folder ? null : contentType(entry.segments.at(-1) ?? ""),
      "http://owncloud.org/ns fileid": String(storage.idOf(entry.absolute)),
      "http://owncloud.org/ns id": storage.ocId(entry.absolute),
      "http://owncloud.org/ns size": String(folder ? await treeSize(entry.absolute) : entry.info.size),
      "http://owncloud.org/ns permissions": folder ? "RGDNVCK" : "RGDNVW",
    };
    const href = `/remote.php/dav/files/${sabreEncode(user)}/${entry.segments.map(sabreEncode).join("/")}${folder && entry.segments.length > 0 ? "/" : ""}`;
    responses.push(multistatusResponse(href, values, wanted));
  }
  const body = multistatus(responses);
  res.writeHead(207, {
    "content-type": "application/xml; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    dav: "1, 3, extended-mkcol",
  });
  res.end(body);
}
