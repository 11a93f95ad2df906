import { WorkspaceError } from "../workspace.ts";
import { type DavResponse, fromFetch, streamedRequest } from "./dav-response.ts";
import { errorFromStatus, type HttpFailure, networkError, timeoutError } from "./errors.ts";
import type { ResolvedOptions } from "./options.ts";

export interface SendOptions {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /**
   * Streamed with an explicit Content-Length (never chunked transfer encoding). `lent`: each chunk
   * of `bytes` is valid only until the next one is asked for (see `readFileRange`).
   */
  body?: { bytes: AsyncIterable<Uint8Array>; length: number; lent?: boolean };
  signal?: AbortSignal;
  /** The target in French for error messages: `le fichier « a/b.pdf »`. */
  what: string;
  /** Statuses the caller handles itself instead of getting a WorkspaceError. */
  accept?: readonly number[];
  /** How long to wait for the answer of a request without body (default `requestTimeoutMs`). */
  timeoutMs?: number;
}

/**
 * Our thin layer for what the webdav package does not do: streamed uploads with a Content-Length
 * and progress (node:http(s), see dav-response.ts), Nextcloud's chunked upload, downloads and OCS
 * (`fetch`). Every failure comes out as a WorkspaceError, except the caller's own abort (its reason
 * is rethrown) and a faulty source.
 */
export class DavHttp {
  readonly #options: ResolvedOptions;
  readonly #authorization: string;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#authorization = basicAuthorization(options.user, options.appPassword);
  }

  async send(request: SendOptions): Promise<DavResponse> {
    request.signal?.throwIfAborted();
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener("abort", onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    let timedOutAfter: number | null = null;
    // The body can still be read after the answer came (the last write waiting for 'drain'): once
    // this request is settled, its hooks must not arm a new timer — it would keep the process
    // alive for `responseTimeoutMs`.
    let settled = false;
    const arm = (ms: number) => {
      if (settled) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOutAfter = ms;
        controller.abort(new Error(`no answer within ${ms} ms`));
      }, ms);
    };
    const failure: { body: unknown } = { body: null };
    const headers: Record<string, string> = { authorization: this.#authorization, ...request.headers };
    let body: AsyncIterable<Uint8Array> | undefined;
    if (request.body !== undefined) {
      headers["content-length"] = String(request.body.length);
      body = watchBody(request.body.bytes, {
        onChunk: () => arm(this.#options.requestTimeoutMs),
        onEnd: () => arm(this.#options.responseTimeoutMs),
        onError: (error) => {
          failure.body = error;
        },
      });
    }
    arm(
      body === undefined
        ? (request.timeoutMs ?? this.#options.requestTimeoutMs)
        : this.#options.requestTimeoutMs,
    );
    try {
      const response =
        body === undefined
          ? fromFetch(
              await this.#options.fetch(request.url, {
                method: request.method,
                headers,
                redirect: "manual",
                signal: controller.signal,
              }),
            )
          : await streamedRequest(
              request.url,
              { method: request.method, headers, signal: controller.signal },
              body,
              { lent: request.body?.lent === true },
            );
      const ok = response.status >= 200 && response.status < 300;
      if (ok || request.accept?.includes(response.status) === true) return response;
      const failure = await readFailure(response);
      await response.discard();
      throw errorFromStatus(failure, request.what, this.#options.now());
    } catch (error) {
      if (error instanceof WorkspaceError) throw error;
      if (request.signal?.aborted === true) throw request.signal.reason;
      if (failure.body !== null) throw failure.body;
      if (timedOutAfter !== null) throw timeoutError(request.what, timedOutAfter, error);
      throw networkError(error, request.what);
    } finally {
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
    }
  }
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/** Status, Retry-After and the start of the body of an answer that is not a success. */
export async function readFailure(response: {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}): Promise<HttpFailure> {
  let body = "";
  try {
    body = (await response.text()).slice(0, 64 * 1024);
  } catch {
    // the body is only used for details
  }
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body };
}

async function* watchBody(
  bytes: AsyncIterable<Uint8Array>,
  hooks: { onChunk: () => void; onEnd: () => void; onError: (error: unknown) => void },
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of bytes) {
      hooks.onChunk();
      yield chunk;
    }
  } catch (error) {
    hooks.onError(error);
    throw error;
  }
  hooks.onEnd();
}
