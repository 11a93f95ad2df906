/** Errors the fake answers with, named after the Sabre exceptions Nextcloud sends. */

/** Prefix of Sabre's exception class names (`<s:exception>`). */
export const SABRE = "Sabre\\DAV\\Exception\\";

/** An answer other than a success: sent as Sabre's `<d:error>` body (see http.ts). */
export class HttpError extends Error {
  readonly status: number;
  readonly exception: string;
  readonly headers: Record<string, string>;
  constructor(status: number, exception: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.exception = exception;
    this.headers = headers;
  }
}

export function notFound(segments: readonly string[]): HttpError {
  return new HttpError(404, `${SABRE}NotFound`, `File with name ${segments.join("/")} could not be located`);
}

export function methodNotAllowed(message: string): HttpError {
  return new HttpError(405, `${SABRE}MethodNotAllowed`, message);
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, `${SABRE}BadRequest`, message);
}
