/**
 * A message's content as chat.postMessage, chat.update, chat.postEphemeral and response URLs
 * read it: `text` (≤ 40 000 characters, else `msg_too_long`), `blocks` (validated, see
 * block-kit.ts), `attachments` (≤ 100) and `metadata` (`event_type` + `event_payload`).
 */
import { ApiError } from "./api-args.ts";
import { blockErrors } from "./block-kit.ts";
import type { FakeMessage } from "./types.ts";

export const MAX_TEXT = 40_000;

export interface MessageContent {
  /** Undefined when the argument was absent. */
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  /** Undefined when absent; null for `{}` (chat.update: remove the metadata). */
  metadata: FakeMessage["metadata"] | undefined;
}

/** The content of a method's arguments; throws ApiError as Slack would answer. */
export function readContent(args: Record<string, unknown>): MessageContent {
  const text = args.text;
  if (text !== undefined && typeof text !== "string" && typeof text !== "number") {
    throw new ApiError("invalid_arguments");
  }
  const content: MessageContent = {
    text: text === undefined ? undefined : String(text),
    blocks: readBlocks(args.blocks),
    attachments: readAttachments(args.attachments),
    metadata: readMetadata(args.metadata),
  };
  if ((content.text?.length ?? 0) > MAX_TEXT) throw new ApiError("msg_too_long");
  return content;
}

/** Whether there is something to show: text, blocks or attachments (else Slack says `no_text`). */
export function hasContent(content: MessageContent): boolean {
  return (
    (content.text !== undefined && content.text.trim() !== "") ||
    (content.blocks !== undefined && content.blocks.length > 0) ||
    (content.attachments !== undefined && content.attachments.length > 0)
  );
}

function readBlocks(value: unknown): unknown[] | undefined {
  if (value === undefined || value === "") return undefined;
  if (!Array.isArray(value)) throw new ApiError("invalid_blocks_format");
  const errors = blockErrors(value);
  if (errors.length > 0) {
    throw new ApiError("invalid_blocks", {
      errors,
      response_metadata: { messages: errors.map((error) => `[ERROR] ${error}`) },
    });
  }
  return value;
}

function readAttachments(value: unknown): unknown[] | undefined {
  if (value === undefined || value === "") return undefined;
  if (!Array.isArray(value)) throw new ApiError("invalid_attachments");
  if (value.length > 100) throw new ApiError("too_many_attachments");
  return value;
}

function readMetadata(value: unknown): FakeMessage["metadata"] | undefined {
  if (value === undefined || value === "") return undefined;
  if (!isRecord(value)) throw new ApiError("invalid_metadata_format");
  if (Object.keys(value).length === 0) return null;
  const eventType = value.event_type;
  const eventPayload = value.event_payload;
  if (typeof eventType !== "string" || eventType === "" || !isRecord(eventPayload)) {
    throw new ApiError("invalid_metadata_schema");
  }
  return { event_type: eventType, event_payload: { ...eventPayload } };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
