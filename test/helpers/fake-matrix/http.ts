/**
 * HTTP plumbing: reading a request (body, access token, JSON), and one `Exchange` per request
 * through which every answer goes, so that its recorded status is set before a byte leaves.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { badJson, MatrixHttpError } from "./errors.ts";
import type { RecordedRequest } from "./types.ts";

/** The CORS headers the spec recommends on every answer. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
  "access-control-allow-headers": "X-Requested-With, Content-Type, Authorization",
};

/** Downloads go out in chunks of this size (a stream, not one write). */
const CHUNK_BYTES = 64 * 1024;

export class Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: RecordedRequest;

  constructor(req: IncomingMessage, res: ServerResponse, record: RecordedRequest) {
    this.req = req;
    this.res = res;
    this.record = record;
  }

  get answered(): boolean {
    return this.res.headersSent;
  }

  json(status: number, payload: unknown, headers: Record<string, string> = {}): void {
    const body = JSON.stringify(payload);
    this.record.status = status;
    this.res.writeHead(status, {
      ...CORS,
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      ...headers,
    });
    this.res.end(body);
  }

  error(error: MatrixHttpError): void {
    this.json(error.status, error.body(), error.headers);
  }

  /** The bytes with a Content-Length, streamed in chunks. */
  async bytes(status: number, data: Buffer, headers: Record<string, string>): Promise<void> {
    this.record.status = status;
    this.res.writeHead(status, { ...CORS, "content-length": data.length, ...headers });
    const chunks = function* () {
      for (let at = 0; at < data.length; at += CHUNK_BYTES) yield data.subarray(at, at + CHUNK_BYTES);
    };
    await pipeline(Readable.from(chunks()), this.res);
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** From `Authorization: Bearer …`, else the `access_token` query parameter (both MUST be supported). */
export function accessToken(req: IncomingMessage, url: URL): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1] ?? url.searchParams.get("access_token");
}

/** A JSON object body: `{}` when empty, 400 `M_NOT_JSON` / `M_BAD_JSON` otherwise. */
export function jsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new MatrixHttpError(400, "M_NOT_JSON", "Content not JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw badJson("Content must be a JSON object.");
  }
  return Object.fromEntries(Object.entries(parsed));
}

/** What the request record keeps of a body: parsed JSON, else the bytes, null when empty. */
export function recordedBody(body: Buffer): unknown {
  if (body.length === 0) return null;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return body;
  }
}

/** The path with each segment percent-decoded (a malformed escape is kept as sent). */
export function decodedPath(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}
