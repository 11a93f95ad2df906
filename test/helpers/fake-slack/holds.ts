/**
 * Holding a call in flight, as a slow network or a busy Slack would: the chosen call (a Web API
 * method, or "download" for a private file URL) waits, unanswered, until the test releases it.
 * `reached` resolves with the call's arguments once it is waiting — so a test can act "while a
 * reminder is being posted" or "while a file is downloading" without timers.
 */

export interface FakeHold {
  /** Resolves when the held call arrives, with its arguments (a download: `{ fileId }`). */
  reached: Promise<Record<string, unknown>>;
  /** Lets the call (and any later one) through. */
  release(): void;
}

interface Rule {
  method: string;
  skip: number;
  arrived: (args: Record<string, unknown>) => void;
  gate: Promise<void>;
  open: () => void;
}

export class Holds {
  readonly #rules: Rule[] = [];

  /** Holds the call of `method` that comes after `skip` others of it. */
  add(method: string, skip = 0): FakeHold {
    let arrived: (args: Record<string, unknown>) => void = () => {};
    const reached = new Promise<Record<string, unknown>>((resolve) => {
      arrived = resolve;
    });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const rule: Rule = { method, skip, arrived, gate, open };
    this.#rules.push(rule);
    return {
      reached,
      release: () => {
        const index = this.#rules.indexOf(rule);
        if (index >= 0) this.#rules.splice(index, 1);
        open();
      },
    };
  }

  /** Resolves at once, or when the test releases this call. */
  async pass(method: string, args: Record<string, unknown>): Promise<void> {
    const rule = this.#rules.find((r) => r.method === method);
    if (rule === undefined) return;
    if (rule.skip > 0) {
      rule.skip -= 1;
      return;
    }
    this.#rules.splice(this.#rules.indexOf(rule), 1);
    rule.arrived(args);
    await rule.gate;
  }

  /** Everything held goes through (the fake is closing). */
  releaseAll(): void {
    for (const rule of this.#rules.splice(0)) rule.open();
  }
}
