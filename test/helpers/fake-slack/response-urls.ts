/**
 * Response URLs (`POST /response/<id>`, a JSON body): like Slack's, each is good for 5 uses within
 * 30 minutes of its creation. The body is a message (`text`, `blocks`, `attachments`,
 * `thread_ts`) with `response_type` (`ephemeral`, the default, or `in_channel`),
 * `replace_original` or `delete_original`; blocks are validated as for chat.postMessage.
 *
 * Answers: 200 `{"ok":true}`; 400 `{"ok":false,"error":"invalid_blocks"|"no_text"|"invalid_payload"|…}`;
 * 404 `{"ok":false,"error":"used_url"}` from the 6th use, `expired_url` after 30 minutes,
 * `invalid_url` for an id the fake never gave. Every POST to a live URL counts as a use.
 * With a context (see ResponseUrlContext) the body also acts on the fake's messages.
 */
import { ApiError } from "./api-args.ts";
import { hasContent, isRecord, readContent } from "./message-content.ts";
import type { MessageStore } from "./message-store.ts";
import type { ResponseUrlContext } from "./types.ts";
import type { Workspace } from "./workspace.ts";

export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

interface Entry {
  uses: number;
  createdAt: number;
  context: ResponseUrlContext;
}

export interface ResponseAnswer {
  status: number;
  body: Record<string, unknown>;
}

export class ResponseUrls {
  readonly #entries = new Map<string, Entry>();
  #count = 0;

  create(context: ResponseUrlContext, now: number): string {
    const id = `${++this.#count}-${Math.random().toString(36).slice(2, 14)}`;
    this.#entries.set(id, { uses: 0, createdAt: now, context });
    return id;
  }

  /** Answers a POST of `body` (already parsed, or null when it was not a JSON object) to `id`. */
  use(
    id: string,
    body: Record<string, unknown> | null,
    now: number,
    effects: { store: MessageStore; workspace: Workspace },
  ): ResponseAnswer {
    const entry = this.#entries.get(id);
    if (entry === undefined) return refused(404, "invalid_url");
    if (now - entry.createdAt > RESPONSE_URL_LIFETIME_MS) return refused(404, "expired_url");
    if (entry.uses >= RESPONSE_URL_USES) return refused(404, "used_url");
    entry.uses += 1;
    if (body === null) return refused(400, "invalid_payload");
    try {
      apply(entry.context, body, effects);
    } catch (error) {
      if (error instanceof ApiError)
        return { status: 400, body: { ok: false, error: error.error, ...error.extra } };
      throw error;
    }
    return { status: 200, body: { ok: true } };
  }
}

function apply(
  context: ResponseUrlContext,
  body: Record<string, unknown>,
  { store, workspace }: { store: MessageStore; workspace: Workspace },
): void {
  const { channel, messageTs, userId } = context;
  const original =
    channel === undefined || messageTs === undefined ? undefined : store.find(channel, messageTs);
  if (body.delete_original === true || body.delete_original === "true") {
    if (original !== undefined) original.deleted = true;
    return;
  }
  const content = readContent(body);
  if (!hasContent(content)) throw new ApiError("no_text");
  if (body.replace_original === true || body.replace_original === "true") {
    if (original === undefined) return;
    original.text = content.text ?? "";
    original.blocks = content.blocks ?? null;
    original.attachments = content.attachments ?? null;
    original.edits += 1;
    return;
  }
  if (channel === undefined) return;
  const inChannel = body.response_type === "in_channel";
  if (!inChannel && userId === undefined) return;
  const threadTs = typeof body.thread_ts === "string" ? body.thread_ts : (context.threadTs ?? null);
  store.add({
    channel,
    text: content.text ?? "",
    blocks: content.blocks ?? null,
    threadTs,
    metadata: null,
    userId: workspace.botUserId,
    botId: workspace.botId,
    ephemeralFor: inChannel ? null : (userId ?? null),
    attachments: content.attachments ?? null,
    replyBroadcast: false,
  });
}

function refused(status: number, error: string): ResponseAnswer {
  return { status, body: { ok: false, error } };
}

/** The JSON object of a response URL body, or null. */
export function parseResponseBody(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
