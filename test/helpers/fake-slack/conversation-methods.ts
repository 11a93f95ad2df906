/**
 * conversations.history, conversations.replies, conversations.info and conversations.open.
 * History is newest first, without thread replies (unless broadcast) nor ephemeral messages;
 * replies are the root then its replies, oldest first. Both filter on `oldest`/`latest`
 * (exclusive unless `inclusive`), page with `limit` and an opaque cursor shaped like Slack's
 * (base64 of `next_ts:<ts digits>`), and show `metadata` only with `include_all_metadata`.
 */
import {
  ApiError,
  boolArg,
  channelArg,
  intArg,
  type MethodContext,
  type MethodHandler,
  stringArg,
} from "./api-args.ts";
import { renderMessage } from "./message-render.ts";
import { type StoredMessage, tsMicros } from "./message-store.ts";

const CHANNEL_CREATED = 1_700_000_000;

export const history: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const inRange = rangeFilter(ctx);
  const shown = ctx.store
    .inChannel(channel)
    .filter((m) => m.ephemeralFor === null && (m.threadTs === null || m.replyBroadcast))
    .filter((m) => !m.deleted || liveReplies(ctx, m).length > 0)
    .filter(inRange)
    .reverse();
  const cursor = cursorArg(ctx);
  const remaining = cursor === null ? shown : shown.filter((m) => micros(m) <= cursor);
  const latest = stringArg(ctx.args, "latest");
  return {
    ...page(ctx, remaining, limitArg(ctx, 100, 999)),
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    ...(latest === undefined ? {} : { latest }),
  };
};

export const replies: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const ts = stringArg(ctx.args, "ts");
  const found = ts === undefined ? undefined : ctx.store.find(channel, ts);
  if (found === undefined || found.ephemeralFor !== null) throw new ApiError("thread_not_found");
  const root = found.threadTs === null ? found : (ctx.store.find(channel, found.threadTs) ?? found);
  const thread = liveReplies(ctx, root);
  if (root.deleted && thread.length === 0) throw new ApiError("thread_not_found");
  const inRange = rangeFilter(ctx);
  const all = [root, ...thread.filter(inRange)];
  const cursor = cursorArg(ctx);
  const remaining = cursor === null ? all : all.filter((m) => micros(m) >= cursor);
  return page(ctx, remaining, limitArg(ctx, 1000, 1000));
};

export const info: MethodHandler = (ctx) => ({
  channel: ctx.workspace.channelObject(channelArg(ctx), CHANNEL_CREATED),
});

/** A DM with one user (`users`), or the channel given; `return_im` gives the whole object. */
export const open: MethodHandler = (ctx) => {
  const users = (stringArg(ctx.args, "users") ?? "").split(",").filter((user) => user !== "");
  if (users.length > 1) throw new ApiError("not_enough_users");
  const [user] = users;
  const id = user === undefined ? channelArg(ctx) : ctx.workspace.resolveChannel(user);
  if (id === null) throw new ApiError("user_not_found");
  if (boolArg(ctx.args, "return_im")) return { channel: ctx.workspace.channelObject(id, CHANNEL_CREATED) };
  return { no_op: true, already_open: true, channel: { id } };
};

function liveReplies(ctx: MethodContext, root: StoredMessage): StoredMessage[] {
  return ctx.store.replies(root.channel, root.ts).filter((m) => !m.deleted && m.ephemeralFor === null);
}

/** `{messages, has_more, response_metadata?}` for the first `limit` of `remaining`. */
function page(ctx: MethodContext, remaining: StoredMessage[], limit: number): Record<string, unknown> {
  const includeMetadata = boolArg(ctx.args, "include_all_metadata");
  const next = remaining[limit];
  return {
    messages: remaining
      .slice(0, limit)
      .map((m) => renderMessage(m, ctx.workspace, ctx.store, { includeMetadata })),
    has_more: next !== undefined,
    ...(next === undefined ? {} : { response_metadata: { next_cursor: encodeCursor(next.ts) } }),
  };
}

function rangeFilter(ctx: MethodContext): (m: StoredMessage) => boolean {
  const oldest = timeArg(ctx, "oldest", "invalid_ts_oldest") ?? Number.NEGATIVE_INFINITY;
  const latest = timeArg(ctx, "latest", "invalid_ts_latest") ?? Number.POSITIVE_INFINITY;
  const inclusive = boolArg(ctx.args, "inclusive");
  return (m) => {
    const at = micros(m);
    return inclusive ? at >= oldest && at <= latest : at > oldest && at < latest;
  };
}

function timeArg(ctx: MethodContext, name: string, error: string): number | undefined {
  const value = stringArg(ctx.args, name);
  if (value === undefined || value === "") return undefined;
  const parsed = tsMicros(value);
  if (parsed === null) throw new ApiError(error);
  return parsed;
}

function limitArg(ctx: MethodContext, fallback: number, max: number): number {
  const limit = intArg(ctx.args, "limit");
  if (limit === undefined || limit <= 0) return fallback;
  return Math.min(limit, max);
}

function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts.replace(".", "")}`).toString("base64");
}

function cursorArg(ctx: MethodContext): number | null {
  const cursor = stringArg(ctx.args, "cursor");
  if (cursor === undefined || cursor === "") return null;
  const match = /^next_ts:(\d{7,18})$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (match?.[1] === undefined) throw new ApiError("invalid_cursor");
  return Number(match[1]);
}

function micros(message: StoredMessage): number {
  return tsMicros(message.ts) ?? 0;
}
