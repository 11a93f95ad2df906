/**
 * Fault injection on Web API methods: the next calls of a method (or of any, with "*") are rate
 * limited (HTTP 429 + `Retry-After`, body `{ok:false,error:"ratelimited"}` as Slack sends),
 * refused with a Slack error (HTTP 200 `{ok:false,error}`), or answered with an HTTP error.
 */

export type Fault =
  | { kind: "ratelimited"; retryAfterSeconds: number }
  | { kind: "error"; error: string }
  | { kind: "http"; status: number };

interface Rule {
  method: string;
  fault: Fault;
  remaining: number;
}

export class Faults {
  readonly #rules: Rule[] = [];

  add(method: string, fault: Fault, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`fake Slack: times must be ≥ 1, got ${times}`);
    this.#rules.push({ method, fault, remaining: times });
  }

  /** The fault for this call of `method`, oldest rule first (the rule is used up by it). */
  take(method: string): Fault | null {
    const rule = this.#rules.find((r) => r.method === method || r.method === "*");
    if (rule === undefined) return null;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
    return rule.fault;
  }
}
