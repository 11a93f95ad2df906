/**
 * One room: its events in stream order (state events among them), the state at any point, who is
 * in it, and the power levels that decide who may send what.
 */
import type { MatrixEvent } from "./types.ts";

/** How an event came about: the test's setup, a membership change, the API, or `sendAs`. */
export type EventOrigin = "setup" | "membership" | "api" | "test";

export interface StoredEvent extends MatrixEvent {
  /** Position in the homeserver's stream (what sync tokens count). */
  readonly pos: number;
  readonly origin: EventOrigin;
  /** The access token it was sent with and its transaction id, for `unsigned.transaction_id`. */
  readonly txn: { token: string; txnId: string } | null;
}

export type Membership = "join" | "invite" | "leave" | "ban" | "knock";

const stateKeyOf = (type: string, stateKey: string) => `${type}\u0000${stateKey}`;

export class Room {
  readonly id: string;
  readonly events: StoredEvent[] = [];
  /** Created as a direct chat: invites default to `is_direct: true`. */
  direct = false;
  readonly #current = new Map<string, StoredEvent>();

  constructor(id: string) {
    this.id = id;
  }

  add(event: StoredEvent): void {
    this.events.push(event);
    if (event.state_key !== undefined) this.#current.set(stateKeyOf(event.type, event.state_key), event);
  }

  /** The current state event of that type and key. */
  state(type: string, stateKey = ""): StoredEvent | undefined {
    return this.#current.get(stateKeyOf(type, stateKey));
  }

  currentState(): StoredEvent[] {
    return [...this.#current.values()];
  }

  /** The state just before stream position `pos` (the events below it, the latest of each key). */
  stateBefore(pos: number): StoredEvent[] {
    const state = new Map<string, StoredEvent>();
    for (const event of this.events) {
      if (event.pos >= pos) break;
      if (event.state_key !== undefined) state.set(stateKeyOf(event.type, event.state_key), event);
    }
    return [...state.values()];
  }

  memberEvent(userId: string): StoredEvent | undefined {
    return this.state("m.room.member", userId);
  }

  membership(userId: string): Membership | null {
    return membershipOf(this.memberEvent(userId));
  }

  membershipBefore(userId: string, pos: number): Membership | null {
    let found: StoredEvent | undefined;
    for (const event of this.events) {
      if (event.pos >= pos) break;
      if (event.type === "m.room.member" && event.state_key === userId) found = event;
    }
    return membershipOf(found);
  }

  /** Users with that membership now. */
  members(membership: Membership = "join"): string[] {
    return this.currentState()
      .filter((event) => event.type === "m.room.member" && membershipOf(event) === membership)
      .map((event) => event.state_key ?? "");
  }

  joinRule(): string {
    const rule = this.state("m.room.join_rules")?.content.join_rule;
    return typeof rule === "string" ? rule : "invite";
  }

  /** Whether `userId`'s power level reaches what sending `type` (a state event or not) requires. */
  maySend(userId: string, type: string, isState: boolean): boolean {
    const levels = this.state("m.room.power_levels")?.content ?? {};
    const users = record(levels.users);
    const events = record(levels.events);
    const own = number(users[userId]) ?? number(levels.users_default) ?? 0;
    const required =
      number(events[type]) ??
      (isState ? (number(levels.state_default) ?? 50) : (number(levels.events_default) ?? 0));
    return own >= required;
  }
}

function membershipOf(event: StoredEvent | undefined): Membership | null {
  const membership = event?.content.membership;
  return membership === "join" ||
    membership === "invite" ||
    membership === "leave" ||
    membership === "ban" ||
    membership === "knock"
    ? membership
    : null;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value)) : {};
}

function number(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}
