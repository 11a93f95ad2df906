/**
 * Injected failures: the next requests whose (decoded) path matches a pattern are rate limited or
 * refused with a given error, oldest rule first, each rule used up after `times` requests.
 */
import { limitExceeded, MatrixHttpError } from "./errors.ts";

interface Rule {
  pathPattern: RegExp;
  remaining: number;
  error: () => MatrixHttpError;
}

export class Faults {
  readonly #rules: Rule[] = [];

  rateLimit(o: { pathPattern: RegExp; times: number; retryAfterMs: number }): void {
    this.#add(o.pathPattern, o.times, () => limitExceeded(o.retryAfterMs));
  }

  failNext(o: {
    pathPattern: RegExp;
    status: number;
    errcode: string;
    error?: string;
    times?: number;
  }): void {
    this.#add(
      o.pathPattern,
      o.times ?? 1,
      () => new MatrixHttpError(o.status, o.errcode, o.error ?? `Injected ${o.errcode}`),
    );
  }

  /** The error for a request to `path`, if a rule matches (one use of it is spent). */
  take(path: string): MatrixHttpError | null {
    const rule = this.#rules.find((r) => matches(r.pathPattern, path));
    if (rule === undefined) return null;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
    return rule.error();
  }

  #add(pathPattern: RegExp, times: number, error: () => MatrixHttpError): void {
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`fake Matrix: times must be ≥ 1, got ${times}`);
    this.#rules.push({ pathPattern, remaining: times, error });
  }
}

/** A global or sticky pattern keeps a `lastIndex` between tests: reset it. */
function matches(pattern: RegExp, path: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(path);
}
