/**
 * The fake's messages, every channel together in the order they were posted, and the `ts` clock:
 * `"<seconds>.<6 digits>"` from the fake's clock, strictly increasing across the workspace.
 */
import type { FakeMessage } from "./types.ts";

export type StoredMessage = FakeMessage;

export type NewMessage = Omit<StoredMessage, "ts" | "edits" | "deleted" | "reactions">;

export class MessageStore {
  readonly #now: () => number;
  readonly #messages: StoredMessage[] = [];
  #lastMicros = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A ts after every earlier one (at least 1 µs later), from the clock when it is ahead. */
  nextTs(): string {
    this.#lastMicros = Math.max(this.#lastMicros + 1, Math.floor(this.#now() * 1000));
    return formatTs(this.#lastMicros);
  }

  add(message: NewMessage): StoredMessage {
    const stored: StoredMessage = { ...message, ts: this.nextTs(), edits: 0, deleted: false, reactions: [] };
    this.#messages.push(stored);
    return stored;
  }

  /** The message with that ts in that channel (ephemeral and deleted ones included). */
  find(channel: string, ts: string): StoredMessage | undefined {
    return this.#messages.find((m) => m.channel === channel && m.ts === ts);
  }

  inChannel(channel: string): StoredMessage[] {
    return this.#messages.filter((m) => m.channel === channel);
  }

  /** The replies of a thread, oldest first (ephemeral and deleted ones included). */
  replies(channel: string, rootTs: string): StoredMessage[] {
    return this.#messages.filter((m) => m.channel === channel && m.threadTs === rootTs);
  }

  /** Whether a message is a thread root: it has at least one reply, even a deleted one. */
  hasReplies(message: StoredMessage): boolean {
    return this.#messages.some((m) => m.channel === message.channel && m.threadTs === message.ts);
  }
}

export function formatTs(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
}

/** A ts (or a Unix time with fewer decimals) in microseconds; null when it is not one. */
export function tsMicros(ts: string): number | null {
  const match = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(ts);
  if (match === null) return null;
  return Number(match[1]) * 1e6 + Number((match[2] ?? "").padEnd(6, "0"));
}
