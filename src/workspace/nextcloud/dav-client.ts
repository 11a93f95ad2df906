import { AuthType, createClient, type WebDAVClient } from "webdav";
import { WorkspaceError } from "../workspace.ts";
import { errorFromStatus, networkError, timeoutError } from "./errors.ts";
import { readFailure } from "./http.ts";
import type { ResolvedOptions } from "./options.ts";

/**
 * The metadata requests — PROPFIND, MKCOL, MOVE, DELETE — through the webdav package. Its
 * failures (an Error with `status` and `response`, or a network error) become WorkspaceErrors.
 */
export class DavClient {
  readonly #client: WebDAVClient;
  readonly #options: ResolvedOptions;

  constructor(filesRoot: string, options: ResolvedOptions) {
    this.#options = options;
    this.#client = createClient(filesRoot, {
      authType: AuthType.Password,
      username: options.user,
      password: options.appPassword,
    });
  }

  /** The Multi-Status XML, or null on 404. */
  async propfind(
    segments: readonly string[],
    depth: 0 | 1,
    body: string,
    what: string,
  ): Promise<string | null> {
    return this.#call<string | null>(
      what,
      () => null,
      async (signal) => {
        const response = await this.#client.customRequest(remotePath(segments), {
          method: "PROPFIND",
          headers: { Depth: String(depth), "Content-Type": "application/xml; charset=utf-8" },
          data: body,
          signal,
        });
        return response.text();
      },
    );
  }

  /** MKCOL: 201 created, 405 it exists, 409 its parent is missing. */
  async mkcol(segments: readonly string[], what: string): Promise<"created" | "exists" | "parent-missing"> {
    try {
      await this.#call(what, null, (signal) =>
        this.#client.createDirectory(remotePath(segments), { signal }),
      );
      return "created";
    } catch (error) {
      if (error instanceof WorkspaceError && error.status === 405) return "exists";
      if (error instanceof WorkspaceError && error.status === 409) return "parent-missing";
      throw error;
    }
  }

  /** MOVE with `Overwrite: F` (412 → `exists`). */
  async move(from: readonly string[], to: readonly string[], what: string): Promise<void> {
    await this.#call(what, null, (signal) =>
      this.#client.moveFile(remotePath(from), remotePath(to), { overwrite: false, signal }),
    );
  }

  /** DELETE; false when there was nothing to delete. */
  async delete(segments: readonly string[], what: string): Promise<boolean> {
    return this.#call(
      what,
      () => false,
      async (signal) => {
        await this.#client.deleteFile(remotePath(segments), { signal });
        return true;
      },
    );
  }

  /** Runs one request of the webdav client; `notFound` gives the answer to a 404 when it is not an error. */
  async #call<T>(
    what: string,
    notFound: (() => T) | null,
    run: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(this.#options.requestTimeoutMs);
    try {
      return await run(timeout);
    } catch (error) {
      const failure = httpFailureOf(error);
      if (failure !== null) {
        if (failure.status === 404 && notFound !== null) return notFound();
        throw errorFromStatus(await readFailure(failure), what, this.#options.now());
      }
      if (timeout.aborted) throw timeoutError(what, this.#options.requestTimeoutMs, error);
      throw networkError(error, what);
    }
  }
}

interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The webdav package throws `Error & { status, response }` for an HTTP failure. */
function httpFailureOf(error: unknown): ResponseLike | null {
  if (!(error instanceof Error) || !("response" in error)) return null;
  const response = error.response;
  return isResponseLike(response) ? response : null;
}

function isResponseLike(value: unknown): value is ResponseLike {
  return (
    typeof value === "object" &&
    value !== null &&
    "status" in value &&
    typeof value.status === "number" &&
    "text" in value &&
    typeof value.text === "function" &&
    "headers" in value &&
    typeof value.headers === "object" &&
    value.headers !== null &&
    "get" in value.headers &&
    typeof value.headers.get === "function"
  );
}

/** The webdav package encodes each segment itself (encodeURIComponent), so it gets them raw. */
function remotePath(segments: readonly string[]): string {
  return `/${segments.join("/")}`;
}
