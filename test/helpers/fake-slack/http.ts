/**
 * HTTP plumbing of the fake: reading bodies, turning a Web API request into arguments the way
 * Slack reads them (form-urlencoded, JSON, multipart, query string), the token, and JSON answers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Arguments that carry JSON: a string in form bodies, an object or array in JSON bodies. */
const JSON_ARGS = ["blocks", "attachments", "metadata"];

export type ParsedRequest =
  | { ok: true; args: Record<string, unknown>; bodyToken: string | null }
  | { ok: false; error: string; args: Record<string, unknown> };

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/**
 * The arguments of a Web API call: query string first, then the body by its Content-Type, with
 * Slack's errors for what it refuses (`missing_post_type`, `invalid_post_type`, `invalid_charset`,
 * `invalid_json`, `invalid_form_data`, `invalid_array_arg`). A `token` in a form body is taken
 * as the token (Slack accepts it there, not in JSON bodies).
 */
export async function parseApiRequest(req: IncomingMessage, body: Buffer, url: URL): Promise<ParsedRequest> {
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const contentType = req.headers["content-type"];
  if (body.length === 0) return finish(args, false);
  if (contentType === undefined) return { ok: false, error: "missing_post_type", args };
  const [mediaType = "", ...params] = contentType.split(";").map((part) => part.trim());
  const charset = params.find((p) => p.toLowerCase().startsWith("charset="))?.slice(8);
  if (
    charset !== undefined &&
    !["utf-8", "utf8", "iso-8859-1"].includes(charset.toLowerCase().replace(/"/g, ""))
  ) {
    return { ok: false, error: "invalid_charset", args };
  }
  switch (mediaType.toLowerCase()) {
    case "application/json": {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        return { ok: false, error: "invalid_json", args };
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return { ok: false, error: "invalid_json", args };
      }
      Object.assign(args, parsed);
      return finish(args, true);
    }
    case "application/x-www-form-urlencoded":
    case "text/plain": {
      const form = new URLSearchParams(body.toString("utf8"));
      for (const key of form.keys())
        if (/\[.*\]$/.test(key)) return { ok: false, error: "invalid_array_arg", args };
      Object.assign(args, Object.fromEntries(form));
      return finish(args, false);
    }
    case "multipart/form-data": {
      try {
        const form = await new Response(new Uint8Array(body), {
          headers: { "content-type": contentType },
        }).formData();
        for (const [key, value] of form) {
          args[key] = typeof value === "string" ? value : { filename: value.name, size: value.size };
        }
      } catch {
        return { ok: false, error: "invalid_form_data", args };
      }
      return finish(args, false);
    }
    default:
      return { ok: false, error: "invalid_post_type", args };
  }
}

function finish(args: Record<string, unknown>, json: boolean): ParsedRequest {
  const token = args.token;
  delete args.token;
  for (const key of JSON_ARGS) {
    const value = args[key];
    if (typeof value !== "string") continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // left as the string: the method answers with its own error (invalid_blocks_format…)
    }
  }
  return { ok: true, args, bodyToken: !json && typeof token === "string" ? token : null };
}

/** The token of `Authorization: Bearer …`, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1] ?? null;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
