/**
 * chat.postMessage, chat.postEphemeral, chat.update, chat.delete and chat.getPermalink, with
 * the answers and errors of Slack's method reference (docs.slack.dev/reference/methods/chat.*).
 */
import {
  ApiError,
  boolArg,
  channelArg,
  type MethodContext,
  type MethodHandler,
  stringArg,
} from "./api-args.ts";
import { hasContent, readContent } from "./message-content.ts";
import { renderMessage } from "./message-render.ts";
import type { StoredMessage } from "./message-store.ts";

/** `{ok, channel, ts, message}`; `thread_ts` of a reply is taken as its thread root, like Slack. */
export const postMessage: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const content = readContent(ctx.args);
  if (!hasContent(content)) throw new ApiError("no_text");
  const threadTs = threadArg(ctx, channel);
  const message = ctx.store.add({
    channel,
    text: content.text ?? "",
    blocks: content.blocks ?? null,
    threadTs,
    metadata: content.metadata ?? null,
    userId: ctx.workspace.botUserId,
    botId: ctx.workspace.botId,
    ephemeralFor: null,
    attachments: content.attachments ?? null,
    replyBroadcast: threadTs !== null && boolArg(ctx.args, "reply_broadcast"),
  });
  return {
    channel,
    ts: message.ts,
    message: renderMessage(message, ctx.workspace, ctx.store, { includeMetadata: true }),
  };
};

/** `{ok, message_ts}`: a message only `user` sees; it never shows in conversations.history. */
export const postEphemeral: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const user = stringArg(ctx.args, "user");
  if (user === undefined || user === "") throw new ApiError("invalid_arguments");
  if (!/^[UW][A-Z0-9]+$/.test(user)) throw new ApiError("user_not_in_channel");
  const content = readContent(ctx.args);
  if (!hasContent(content)) throw new ApiError("no_text");
  const message = ctx.store.add({
    channel,
    text: content.text ?? "",
    blocks: content.blocks ?? null,
    threadTs: threadArg(ctx, channel),
    metadata: null,
    userId: ctx.workspace.botUserId,
    botId: ctx.workspace.botId,
    ephemeralFor: user,
    attachments: content.attachments ?? null,
    replyBroadcast: false,
  });
  return { message_ts: message.ts };
};

/**
 * `{ok, channel, ts, text, message}`. Omitted `blocks`, `attachments` or `metadata` keep the
 * previous ones; `[]` / `{}` remove them (Slack's reference for chat.update).
 */
export const update: MethodHandler = (ctx) => {
  const { channel, message } = ownMessage(ctx, "ts", "cant_update_message");
  const content = readContent(ctx.args);
  if (!hasContent(content)) throw new ApiError("no_text");
  message.text = content.text ?? "";
  if (content.blocks !== undefined) message.blocks = content.blocks.length > 0 ? content.blocks : null;
  if (content.attachments !== undefined) {
    message.attachments = content.attachments.length > 0 ? content.attachments : null;
  }
  if (content.metadata !== undefined) message.metadata = content.metadata;
  message.edits += 1;
  return {
    channel,
    ts: message.ts,
    text: message.text,
    message: renderMessage(message, ctx.workspace, ctx.store, { includeMetadata: true }),
  };
};

/** `{ok, channel, ts}`; a thread root that has replies stays as a tombstone. */
export const deleteMessage: MethodHandler = (ctx) => {
  const { channel, message } = ownMessage(ctx, "ts", "cant_delete_message");
  message.deleted = true;
  return { channel, ts: message.ts };
};

export const getPermalink: MethodHandler = (ctx) => {
  const channel = channelArg(ctx);
  const message = visibleMessage(ctx, channel, stringArg(ctx.args, "message_ts"));
  const base = `https://${ctx.workspace.domain}.slack.com/archives/${channel}/p${message.ts.replace(".", "")}`;
  const thread = message.threadTs === null ? "" : `?thread_ts=${message.threadTs}&cid=${channel}`;
  return { channel, permalink: base + thread };
};

/** The message named by the `channel` and `tsArg` arguments, which the bot must have written. */
function ownMessage(
  ctx: MethodContext,
  tsArg: string,
  notMine: string,
): { channel: string; message: StoredMessage } {
  const channel = channelArg(ctx);
  const message = visibleMessage(ctx, channel, stringArg(ctx.args, tsArg));
  if (message.botId !== ctx.workspace.botId) throw new ApiError(notMine);
  return { channel, message };
}

/** A message of the channel that is neither deleted nor ephemeral, else `message_not_found`. */
function visibleMessage(ctx: MethodContext, channel: string, ts: string | undefined): StoredMessage {
  const message = ts === undefined ? undefined : ctx.store.find(channel, ts);
  if (message === undefined || message.deleted || message.ephemeralFor !== null) {
    throw new ApiError("message_not_found");
  }
  return message;
}

/** The thread a message goes to: null for none; a reply's ts stands for its root. */
function threadArg(ctx: MethodContext, channel: string): string | null {
  const threadTs = stringArg(ctx.args, "thread_ts");
  if (threadTs === undefined || threadTs === "") return null;
  return ctx.store.find(channel, threadTs)?.threadTs ?? threadTs;
}
