/**
 * The Web API's answer to one call, in Slack's order: a body Slack cannot read, an unknown
 * method (`unknown_method`), an injected fault, the token (`not_authed`, `invalid_auth`), then
 * the method. Errors are HTTP 200 `{ok:false,error}`; only rate limits (429) and injected HTTP
 * faults use other statuses. A JSON body without `charset` gets Slack's `missing_charset` warning.
 */
import { ApiError, type MethodContext, type MethodHandler } from "./api-args.ts";
import { deleteMessage, getPermalink, postEphemeral, postMessage, update } from "./chat-methods.ts";
import { history, info, open, replies } from "./conversation-methods.ts";
import type { Faults } from "./faults.ts";
import { filesInfo } from "./files.ts";
import type { ParsedRequest } from "./http.ts";
import { authTest, usersInfo } from "./identity-methods.ts";
import { reactionsAdd } from "./reaction-methods.ts";

const METHODS: Record<string, MethodHandler> = {
  "auth.test": authTest,
  "chat.delete": deleteMessage,
  "chat.getPermalink": getPermalink,
  "chat.postEphemeral": postEphemeral,
  "chat.postMessage": postMessage,
  "chat.update": update,
  "conversations.history": history,
  "conversations.info": info,
  "conversations.open": open,
  "conversations.replies": replies,
  "files.info": filesInfo,
  "reactions.add": reactionsAdd,
  "users.info": usersInfo,
};

/** The scopes the fake's bot token has (sent in `X-OAuth-Scopes`, as Slack does). */
const SCOPES =
  "app_mentions:read,channels:history,chat:write,commands,files:read,groups:history,im:history,im:write,reactions:read,reactions:write,users:read";

export interface ApiAnswer {
  status: number;
  /** A JSON body, or HTML for injected HTTP errors. */
  body: Record<string, unknown> | string;
  headers: Record<string, string>;
}

export function answerCall(
  method: string,
  request: ParsedRequest,
  token: string | null,
  contentType: string | null,
  faults: Faults,
  context: Omit<MethodContext, "args">,
): ApiAnswer {
  if (!request.ok) return json({ ok: false, error: request.error });
  const handler = METHODS[method];
  if (handler === undefined) return json({ ok: false, error: "unknown_method" });
  const fault = faults.take(method);
  if (fault?.kind === "ratelimited") {
    return {
      status: 429,
      body: { ok: false, error: "ratelimited" },
      headers: { "retry-after": String(fault.retryAfterSeconds) },
    };
  }
  if (fault?.kind === "http") {
    return { status: fault.status, body: `<html><body><h1>${fault.status}</h1></body></html>`, headers: {} };
  }
  if (fault?.kind === "error") return json({ ok: false, error: fault.error });
  if (token === null || token === "") return json({ ok: false, error: "not_authed" });
  if (token !== context.workspace.botToken) return json({ ok: false, error: "invalid_auth" });
  try {
    const result = handler({ ...context, args: request.args });
    return json(
      { ok: true, ...result, ...charsetWarning(contentType, result) },
      { "x-oauth-scopes": SCOPES },
    );
  } catch (error) {
    if (error instanceof ApiError) return json({ ok: false, error: error.error, ...error.extra });
    throw error;
  }
}

function charsetWarning(
  contentType: string | null,
  result: Record<string, unknown>,
): Record<string, unknown> {
  if (
    contentType === null ||
    !/^application\/json\s*(;|$)/i.test(contentType) ||
    /charset=/i.test(contentType)
  ) {
    return {};
  }
  const metadata = typeof result.response_metadata === "object" ? result.response_metadata : {};
  return { warning: "missing_charset", response_metadata: { ...metadata, warnings: ["missing_charset"] } };
}

function json(body: Record<string, unknown>, headers: Record<string, string> = {}): ApiAnswer {
  return { status: 200, body, headers };
}
