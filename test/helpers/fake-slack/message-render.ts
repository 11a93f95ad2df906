/**
 * A stored message as the Web API shows it (chat.postMessage's `message`, conversations.history
 * and .replies): bot fields and `bot_profile` for the bot's messages, thread fields on roots and
 * replies, `edited`, `metadata` only when asked for, a tombstone for a deleted thread root.
 */
import type { MessageStore, StoredMessage } from "./message-store.ts";
import type { Workspace } from "./workspace.ts";

export interface RenderOptions {
  includeMetadata: boolean;
}

export function renderMessage(
  message: StoredMessage,
  workspace: Workspace,
  store: MessageStore,
  options: RenderOptions,
): Record<string, unknown> {
  if (message.deleted) return renderTombstone(message, store);
  const out: Record<string, unknown> = {
    user: message.userId,
    type: "message",
    ts: message.ts,
  };
  if (message.botId !== null) {
    out.bot_id = message.botId;
    out.app_id = workspace.appId;
  }
  out.text = message.text;
  if (message.files !== undefined && message.files.length > 0) {
    out.subtype = "file_share";
    out.files = message.files;
    out.upload = false;
  }
  out.team = workspace.teamId;
  if (message.botId !== null) out.bot_profile = botProfile(workspace);
  if (message.edits > 0) out.edited = { user: message.userId, ts: message.ts };
  Object.assign(out, threadFields(message, store));
  if (message.blocks !== null) out.blocks = message.blocks;
  if (message.attachments !== null) out.attachments = message.attachments;
  if (options.includeMetadata && message.metadata !== null) out.metadata = message.metadata;
  return out;
}

function threadFields(message: StoredMessage, store: MessageStore): Record<string, unknown> {
  if (message.threadTs !== null) {
    const root = store.find(message.channel, message.threadTs);
    return {
      thread_ts: message.threadTs,
      parent_user_id: root?.userId ?? null,
      ...(message.replyBroadcast ? { subtype: "thread_broadcast", root: { ts: message.threadTs } } : {}),
    };
  }
  const replies = store
    .replies(message.channel, message.ts)
    .filter((reply) => !reply.deleted && reply.ephemeralFor === null);
  if (replies.length === 0) return {};
  const users = [...new Set(replies.map((reply) => reply.userId))];
  return {
    thread_ts: message.ts,
    reply_count: replies.length,
    reply_users_count: users.length,
    latest_reply: replies.at(-1)?.ts,
    reply_users: users,
    is_locked: false,
    subscribed: false,
  };
}

/** What Slack leaves of a deleted message that still has replies. */
function renderTombstone(message: StoredMessage, store: MessageStore): Record<string, unknown> {
  return {
    type: "message",
    subtype: "tombstone",
    text: "This message was deleted.",
    user: "USLACKBOT",
    hidden: true,
    ts: message.ts,
    ...threadFields({ ...message, deleted: false }, store),
  };
}

function botProfile(workspace: Workspace): Record<string, unknown> {
  return {
    id: workspace.botId,
    deleted: false,
    name: workspace.botName,
    updated: 1_700_000_000,
    app_id: workspace.appId,
    icons: { image_36: "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png" },
    team_id: workspace.teamId,
  };
}
