/** Fault injection: the next matching requests get a status, or their connection dropped. */
import type { IncomingMessage } from "node:http";

export type Fault =
  /** Answer this status at once (with a Retry-After if given) without touching anything. */
  | { kind: "status"; status: number; retryAfter?: string }
  /** Close the connection: at once, or once this many body bytes have arrived. */
  | { kind: "drop"; afterBodyBytes?: number }
  /** Hold the request, unanswered, until `until` resolves (a slow server); `onHeld` says it waits. */
  | { kind: "hold"; until: Promise<void>; onHeld?: () => void };

export interface FaultOptions {
  /** How many matching requests fail (default 1). */
  count?: number;
  /** Let this many matching requests through first (default 0). */
  after?: number;
  method?: string;
  pathIncludes?: string;
}

interface Rule {
  fault: Fault;
  count: number;
  after: number;
  method?: string;
  pathIncludes?: string;
}

export class Faults {
  readonly #rules: Rule[] = [];
  readonly #dropLimits = new WeakMap<IncomingMessage, number>();

  add(fault: Fault, options: FaultOptions = {}): void {
    this.#rules.push({
      fault,
      count: options.count ?? 1,
      after: options.after ?? 0,
      method: options.method,
      pathIncludes: options.pathIncludes,
    });
  }

  /** The fault for this request, if a rule matches and its turn has come (the rule is used up). */
  take(method: string, path: string): Fault | null {
    const rule = this.#rules.find(
      (r) =>
        (r.method === undefined || r.method === method) &&
        (r.pathIncludes === undefined || path.includes(r.pathIncludes)),
    );
    if (rule === undefined) return null;
    if (rule.after > 0) {
      rule.after -= 1;
      return null;
    }
    rule.count -= 1;
    if (rule.count <= 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
    return rule.fault;
  }

  /** The connection of `req` is to be closed once this many body bytes have arrived. */
  dropAfter(req: IncomingMessage, bytes: number): void {
    this.#dropLimits.set(req, bytes);
  }

  dropLimit(req: IncomingMessage): number | undefined {
    return this.#dropLimits.get(req);
  }
}
