/** The standard error responses of the client-server API: `{ errcode, error }` and an HTTP status. */

export class MatrixHttpError extends Error {
  readonly status: number;
  readonly errcode: string;
  /** Keys the error code defines besides `errcode` and `error` (`retry_after_ms`, `soft_logout`). */
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    errcode: string,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.errcode = errcode;
    this.extra = extra;
    this.headers = headers;
  }

  body(): Record<string, unknown> {
    return { errcode: this.errcode, error: this.message, ...this.extra };
  }
}

/** An unknown endpoint (404), or a known one with a method it does not take (405). */
export function unrecognized(status: 404 | 405 = 404): MatrixHttpError {
  return new MatrixHttpError(status, "M_UNRECOGNIZED", "Unrecognized request");
}

export function forbidden(message: string): MatrixHttpError {
  return new MatrixHttpError(403, "M_FORBIDDEN", message);
}

export function notFound(message: string): MatrixHttpError {
  return new MatrixHttpError(404, "M_NOT_FOUND", message);
}

export function badJson(message: string): MatrixHttpError {
  return new MatrixHttpError(400, "M_BAD_JSON", message);
}

export function invalidParam(message: string): MatrixHttpError {
  return new MatrixHttpError(400, "M_INVALID_PARAM", message);
}

/**
 * 429 `M_LIMIT_EXCEEDED` with both hints a client may read (MSC4041): `retry_after_ms` in the body
 * and `Retry-After` in seconds, rounded up.
 */
export function limitExceeded(retryAfterMs: number): MatrixHttpError {
  return new MatrixHttpError(
    429,
    "M_LIMIT_EXCEEDED",
    "Too Many Requests",
    { retry_after_ms: retryAfterMs },
    { "retry-after": String(Math.ceil(retryAfterMs / 1000)) },
  );
}
