import { once } from "node:events";
import {
  type ClientRequest,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";

/** An answer from either transport: `fetch` (requests without body) or node:http(s) (uploads). */
export interface DavResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  /** The body as a Node stream (downloads). */
  stream(): Readable;
  /** Drops the body (and, for an upload answered early, the rest of the request). */
  discard(): Promise<void>;
}

export function fromFetch(response: Response): DavResponse {
  return {
    status: response.status,
    headers: response.headers,
    text: () => response.text(),
    stream: () => (response.body === null ? Readable.from([]) : Readable.fromWeb(response.body)),
    async discard() {
      try {
        await response.body?.cancel();
      } catch {
        // nothing to keep
      }
    },
  };
}

/**
 * Sends `bytes` as the body of one request over node:http(s) with the given headers (which carry
 * the Content-Length: Node then never uses chunked transfer encoding), honouring backpressure.
 * With `lent`, the chunks of `bytes` are only valid until the next is asked for: each is handed to
 * the socket and the next asked for only once the socket has taken it (its write callback).
 *
 * Not `fetch`: Node's fetch (undici) keeps every chunk of a streamed request body referenced until
 * the request is collected — a 1 GiB PUT held 1 GiB of ArrayBuffers, even after a GC.
 */
export async function streamedRequest(
  url: string,
  options: { method: string; headers: OutgoingHttpHeaders; signal: AbortSignal },
  bytes: AsyncIterable<Uint8Array>,
  body: { lent: boolean } = { lent: false },
): Promise<DavResponse> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const request = send(target, { method: options.method, headers: options.headers, signal: options.signal });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  const writing = (async () => {
    try {
      for await (const chunk of bytes) {
        if (request.destroyed) return;
        if (body.lent) await written(request, chunk);
        else if (!request.write(chunk)) await drained(request);
      }
      request.end();
    } catch (error) {
      request.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  let message: IncomingMessage;
  try {
    message = await answered;
  } catch (error) {
    await writing;
    throw error;
  }
  // Later failures reach whoever reads the body (iterators, pipeline); never an unhandled 'error'.
  request.on("error", () => {});
  message.on("error", () => {});
  return {
    status: message.statusCode ?? 0,
    headers: {
      get: (name) => {
        const value = message.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    async text() {
      const chunks: Buffer[] = [];
      for await (const chunk of message)
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return Buffer.concat(chunks).toString("utf8");
    },
    stream: () => message,
    async discard() {
      // An early answer (412, 401…) leaves the rest of the body unsent: that connection is done.
      if (!request.writableEnded) request.destroy();
      message.resume();
      await Promise.race([once(message, "close"), writing]).catch(() => {});
    },
  };
}

/**
 * Writes `chunk` and waits until the socket has taken it (the write callback: the bytes are the
 * kernel's, the buffer is ours again), or the request is closed.
 */
async function written(request: ClientRequest, chunk: Uint8Array): Promise<void> {
  const controller = new AbortController();
  try {
    await Promise.race([
      new Promise<void>((resolve) => request.write(chunk, () => resolve())),
      once(request, "close", { signal: controller.signal }),
    ]);
  } finally {
    controller.abort();
  }
}

/** Waits until the request can take more bytes, or is closed (its listeners are removed either way). */
async function drained(request: ClientRequest): Promise<void> {
  const controller = new AbortController();
  const { signal } = controller;
  try {
    await Promise.race([once(request, "drain", { signal }), once(request, "close", { signal })]);
  } finally {
    controller.abort();
  }
}
