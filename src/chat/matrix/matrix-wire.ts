import { createHash } from "node:crypto";
import type { ILogger } from "matrix-bot-sdk";
import type { PostOptions } from "../../core/inbound/chat-port.ts";
import type { Log } from "../../core/log.ts";

/**
 * What the Matrix adapter needs to know of the wire: the errors that end a delivery, rate-limit
 * delays, transaction ids, relations of an answer, rich-reply fallbacks, the SDK's logger.
 */

/** Matrix errors after which sending again cannot help (the reminder is marked failed). */
export const PERMANENT_ERRORS = new Set([
  "M_FORBIDDEN",
  "M_NOT_FOUND",
  "M_UNKNOWN_TOKEN",
  "M_MISSING_TOKEN",
  "M_TOO_LARGE",
]);

/** The delay an M_LIMIT_EXCEEDED error asks for, null for any other error. */
export function matrixRateLimitDelay(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { errcode?: unknown; retryAfterMs?: unknown; statusCode?: unknown };
  if (e.errcode !== "M_LIMIT_EXCEEDED" && e.statusCode !== 429) return null;
  return typeof e.retryAfterMs === "number" && e.retryAfterMs > 0 ? e.retryAfterMs : 1000;
}

/** A transaction id derived from a reminder's key: the homeserver answers a retry with the same event. */
export function transactionIdFor(key: string): string {
  return `ctg-${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
}

/** `m.relates_to` of an answer: in the question's thread, as a reply to it. */
export function relatesTo(target: PostOptions): Record<string, unknown> {
  if (target.threadId !== undefined) {
    return {
      "m.relates_to": {
        rel_type: "m.thread",
        event_id: target.threadId,
        is_falling_back: true,
        "m.in_reply_to": { event_id: target.inReplyTo ?? target.threadId },
      },
    };
  }
  return target.inReplyTo !== undefined
    ? { "m.relates_to": { "m.in_reply_to": { event_id: target.inReplyTo } } }
    : {};
}

/** A rich reply's body starts with the quoted lines of the message it answers (`> …`). */
export function stripReplyFallback(body: string): string {
  const lines = body.split("\n");
  let index = 0;
  while (index < lines.length && lines[index]?.startsWith("> ")) index += 1;
  if (index > 0 && lines[index] === "") index += 1;
  return lines.slice(index).join("\n");
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * matrix-bot-sdk's logger over ours (component "matrix-sdk"). The SDK reports routine answers
 * (a 404 for account data not set yet) as errors: they are warnings here, the bot's own failures
 * are logged by the bot.
 */
export function sdkLogger(log: Log): ILogger {
  const sdk = log.child({ component: "matrix-sdk" });
  const text = (module: string, parts: unknown[]) =>
    `${module}: ${parts.map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : JSON.stringify(p))).join(" ")}`;
  return {
    trace: (module, ...parts) => sdk.debug({}, text(module, parts)),
    debug: (module, ...parts) => sdk.debug({}, text(module, parts)),
    info: (module, ...parts) => sdk.info({}, text(module, parts)),
    warn: (module, ...parts) => sdk.warn({}, text(module, parts)),
    error: (module, ...parts) => sdk.warn({}, text(module, parts)),
  };
}
