/** HTTP plumbing of the fake: the small answers every handler sends, and reading request bodies. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpError } from "./errors.ts";
import { sabreErrorBody } from "./xml.ts";

/** Sabre's error body: `<d:error>` with `<s:exception>` and `<s:message>`. */
export function sendError(res: ServerResponse, error: HttpError): void {
  const body = sabreErrorBody(error.exception, error.message, error.status === 429);
  res.writeHead(error.status, {
    "content-type": "application/xml; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    ...error.headers,
  });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-length": 0, ...headers });
  res.end();
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

export function contentLength(req: IncomingMessage): number | null {
  const value = req.headers["content-length"];
  return value === undefined ? null : Number(value);
}

export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/** True once the client's connection is closed (Node then detaches the socket: `req.socket` is null). */
export function connectionGone(req: IncomingMessage): boolean {
  const socket: { destroyed: boolean } | null = req.socket;
  return socket === null || socket.destroyed;
}
