/** Which part of Nextcloud a URL (or a Destination header) is for. */
import type { IncomingMessage } from "node:http";
import { dirname } from "node:path";
import { badRequest, HttpError, SABRE } from "./errors.ts";
import { checkName, type Storage, statOrNull } from "./storage.ts";

export type Route =
  | { area: "files" | "uploads"; user: string; segments: string[] }
  | { area: "ocs"; endpoint: "user" | "capabilities" };

/** `/remote.php/dav/{files,uploads}/{user}/…` or `/ocs/v2.php/cloud/{user,capabilities}`; 404 otherwise. */
export function parseRoute(pathname: string): Route {
  const raw = pathname.split("/").filter((segment) => segment !== "");
  let segments: string[];
  try {
    segments = raw.map((segment) => decodeURIComponent(segment));
  } catch {
    throw badRequest("Malformed URL encoding");
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

export interface Target {
  segments: string[];
  absolute: string;
}

/** The Destination header as a path in the user's files (it must be one). */
export function destination(req: IncomingMessage, user: string, storage: Storage): Target {
  const header = req.headers.destination;
  if (header === undefined || header === "") throw badRequest("The destination header was not supplied");
  const route = parseRoute(new URL(header, "http://fake.invalid").pathname);
  if (route.area !== "files" || route.user !== user || route.segments.length === 0) {
    throw badRequest("The destination header must point to the user's files");
  }
  checkName(route.segments);
  return { segments: route.segments, absolute: storage.filesPath(user, route.segments) };
}

/** Sabre's getCopyAndMoveInfo: 412 if taken without overwrite, 409 without parent; true if replacing. */
export async function checkDestination(req: IncomingMessage, target: Target): Promise<boolean> {
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
}
