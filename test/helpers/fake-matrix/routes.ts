/**
 * The route table: a method and a path pattern per endpoint (path parameters percent-decoded).
 * A path no route knows is 404 `M_UNRECOGNIZED`; a known path with another method, 405.
 */
import { type MatrixHttpError, unrecognized } from "./errors.ts";
import type { Exchange } from "./http.ts";
import type { LongPolls } from "./long-polls.ts";
import type { MediaStore } from "./media-store.ts";
import type { HomeserverStore } from "./store.ts";
import type { Caller } from "./users.ts";

/** What a handler gets to answer one request. */
export interface Ctx {
  store: HomeserverStore;
  media: MediaStore;
  longPolls: LongPolls;
  exchange: Exchange;
  url: URL;
  body: Buffer;
  token: string | null;
  /** The authenticated caller (401 `M_MISSING_TOKEN` / `M_UNKNOWN_TOKEN` otherwise). */
  caller(): Caller;
  /** The body as a JSON object (400 otherwise). */
  json(): Record<string, unknown>;
}

export type Handler = (ctx: Ctx, params: string[]) => void | Promise<void>;

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  pattern: RegExp;
  handle: Handler;
}

export type Match = { route: Route; params: string[] } | { error: MatrixHttpError } | { options: true };

export function route(method: Route["method"], pattern: RegExp, handle: Handler): Route {
  return { method, pattern, handle };
}

export function match(routes: readonly Route[], method: string, rawPath: string): Match {
  let pathKnown = false;
  for (const candidate of routes) {
    const found = candidate.pattern.exec(rawPath);
    if (found === null) continue;
    pathKnown = true;
    if (candidate.method !== method) continue;
    return { route: candidate, params: found.slice(1).map((param) => decodeParam(param ?? "")) };
  }
  if (pathKnown && method === "OPTIONS") return { options: true };
  return { error: unrecognized(pathKnown ? 405 : 404) };
}

function decodeParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}
