/**
 * `GET /_matrix/client/v3/sync`: answered at once on an initial sync, with `full_state`, with a
 * zero timeout, or when there is news since `since`; otherwise held (a long-poll) until news
 * arrives or `timeout` ms pass.
 */
import { invalidParam } from "./errors.ts";
import { type Ctx, type Route, route } from "./routes.ts";
import { buildSync, DEFAULT_TIMELINE_LIMIT, parseSyncToken, type SyncParams } from "./sync-response.ts";

/** The longest delay a Node timer takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function syncRoutes(): Route[] {
  return [route("GET", /^\/_matrix\/client\/v3\/sync$/, sync)];
}

function sync(ctx: Ctx): void {
  const caller = ctx.caller();
  const query = ctx.url.searchParams;
  const sinceToken = query.get("since");
  const since = sinceToken === null || sinceToken === "" ? null : parseSyncToken(sinceToken);
  if (since === null && sinceToken !== null && sinceToken !== "") throw invalidParam("Invalid since token");
  const timeout = Number(query.get("timeout") ?? "0");
  if (!Number.isFinite(timeout) || timeout < 0)
    throw invalidParam("timeout must be a number of milliseconds");
  const params: SyncParams = {
    caller,
    since,
    fullState: query.get("full_state") === "true",
    timelineLimit: timelineLimit(ctx, query.get("filter")),
  };
  const first = buildSync(ctx.store, params);
  if (!first.empty || since === null || params.fullState || timeout === 0) {
    ctx.exchange.json(200, first.body);
    return;
  }
  ctx.longPolls.hold(
    caller.userId,
    ctx.exchange,
    Math.min(timeout, MAX_TIMER_MS),
    () => {
      const news = buildSync(ctx.store, params);
      if (news.empty) return false;
      ctx.exchange.json(200, news.body);
      return true;
    },
    () => ctx.exchange.json(200, buildSync(ctx.store, params).body),
  );
}

/** `room.timeline.limit` of the filter (an id from the filter API, or inline JSON). */
function timelineLimit(ctx: Ctx, filter: string | null): number {
  if (filter === null || filter === "") return DEFAULT_TIMELINE_LIMIT;
  let definition: unknown;
  if (filter.startsWith("{")) {
    try {
      definition = JSON.parse(filter);
    } catch {
      throw invalidParam("filter is not valid JSON");
    }
  } else {
    const stored = ctx.store.filter(filter);
    if (stored === undefined) throw invalidParam(`No filter with id ${filter}`);
    definition = stored.filter;
  }
  const limit = path(definition, ["room", "timeline", "limit"]);
  return typeof limit === "number" && limit > 0 ? limit : DEFAULT_TIMELINE_LIMIT;
}

function path(value: unknown, keys: string[]): unknown {
  let at = value;
  for (const key of keys) {
    if (typeof at !== "object" || at === null) return undefined;
    at = Object.fromEntries(Object.entries(at))[key];
  }
  return at;
}
