/** The bookkeeping of a Block Kit check: errors in Slack's format, and the typed field checks. */

export type Json = Record<string, unknown>;

export class Check {
  readonly errors: string[] = [];
  readonly blockIds = new Set<string>();
  markdownChars = 0;

  fail(pointer: string, message: string): void {
    this.errors.push(`${message} [json-pointer:${pointer}]`);
  }

  /** A string of `min` to `max` characters; absent is an error only when required. */
  string(value: unknown, pointer: string, max: number, required = false, min = 1): value is string {
    if (value === undefined) {
      if (required) this.fail(pointer, "missing required field");
      return false;
    }
    if (typeof value !== "string") {
      this.fail(pointer, "must be a string");
      return false;
    }
    if (value.length < min) this.fail(pointer, `must be more than ${min - 1} characters`);
    if (value.length > max) this.fail(pointer, `must be less than ${max + 1} characters`);
    return true;
  }

  object(value: unknown, pointer: string, required = true): value is Json {
    if (value === undefined && !required) return false;
    if (value === undefined) this.fail(pointer, "missing required field");
    else if (!isObject(value)) this.fail(pointer, "must provide an object");
    return isObject(value);
  }

  array(value: unknown, pointer: string, max: number, required = true, min = 1): value is unknown[] {
    if (value === undefined) {
      if (required) this.fail(pointer, "missing required field");
      return false;
    }
    if (!Array.isArray(value)) {
      this.fail(pointer, "must provide an array");
      return false;
    }
    if (value.length < min) this.fail(pointer, `must provide at least ${min} items`);
    if (value.length > max) this.fail(pointer, `no more than ${max} items allowed`);
    return true;
  }

  /** A text object: `plain_text` (only, when `plainOnly`) or `mrkdwn`, its text 1 to `max` characters. */
  text(value: unknown, pointer: string, max: number, plainOnly: boolean, required = true): void {
    if (!this.object(value, pointer, required)) return;
    const allowed = plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
    if (typeof value.type !== "string" || !allowed.includes(value.type)) {
      this.fail(`${pointer}/type`, "must be a valid enum value");
    }
    this.string(value.text, `${pointer}/text`, max, true);
    if (value.emoji !== undefined && (value.type !== "plain_text" || typeof value.emoji !== "boolean")) {
      this.fail(`${pointer}/emoji`, "emoji is only allowed as a boolean on plain_text");
    }
    if (value.verbatim !== undefined && (value.type !== "mrkdwn" || typeof value.verbatim !== "boolean")) {
      this.fail(`${pointer}/verbatim`, "verbatim is only allowed as a boolean on mrkdwn");
    }
  }
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
