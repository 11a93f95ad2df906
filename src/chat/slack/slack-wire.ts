import type { RespondFn } from "@slack/bolt";
import type { Responder } from "../../core/inbound/pipeline.ts";
import { prefixOf } from "../../core/inbound/read-message.ts";
import { renderSlack } from "./block-kit.ts";

const SLACK_PREFIX = prefixOf("slack");

/** What the Slack adapter needs to know of the Web API's errors: those that end a delivery. */

/** Slack's errors after which posting again cannot help (the reminder is marked failed). */
export const PERMANENT_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "account_inactive",
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "missing_scope",
  "restricted_action",
  "msg_too_long",
  "invalid_blocks",
]);

/** The `error` of a Web API platform error (`{ok:false,error}`), null for anything else. */
export function platformError(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { code?: unknown; data?: { error?: unknown } };
  return e.code === "slack_webapi_platform_error" && typeof e.data?.error === "string" ? e.data.error : null;
}

/**
 * Answers through a slash command's (or an ephemeral click's) response URL, seen only by who
 * asked; a successful command's answer carries « Partager dans le canal ».
 */
export function ephemeralResponder(respond: RespondFn, replaceOriginal: boolean): Responder {
  return {
    send: async (answer, how) => {
      const rendered = renderSlack(answer, {
        prefix: SLACK_PREFIX,
        ...(how?.shareable !== undefined ? { shareCommand: how.shareable } : {}),
      });
      await respond({
        response_type: "ephemeral",
        replace_original: replaceOriginal,
        text: rendered.text,
        blocks: rendered.blocks as never,
      });
      return null;
    },
  };
}
