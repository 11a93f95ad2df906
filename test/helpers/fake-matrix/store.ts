/**
 * The homeserver's data on one stream: room events and account data changes each take the next
 * position (what /sync tokens count); transaction ids, filters and aliases; and the change feed
 * that wakes long-polls and waiters — once per batch of changes, so a room being set up is never
 * seen half made.
 */
import { newEventId } from "./ids.ts";
import type { EventOrigin, Room, StoredEvent } from "./room.ts";
import { Users } from "./users.ts";

export interface NewEvent {
  sender: string;
  type: string;
  content: Record<string, unknown>;
  stateKey?: string;
  ts?: number;
  origin: EventOrigin;
  txn?: { token: string; txnId: string };
}

interface AccountDataEntry {
  content: Record<string, unknown>;
  pos: number;
}

export class HomeserverStore {
  readonly serverName: string;
  readonly now: () => number;
  readonly users = new Users();
  readonly rooms = new Map<string, Room>();
  readonly aliases = new Map<string, string>();
  #position = 0;
  readonly #accountData = new Map<string, Map<string, AccountDataEntry>>();
  /** `${token} ${path}` → event id: a retransmission gets the event of the first request. */
  readonly #transactions = new Map<string, string>();
  readonly #filters = new Map<string, { userId: string; filter: Record<string, unknown> }>();
  readonly #listeners = new Set<(events: StoredEvent[]) => void>();
  #batchDepth = 0;
  #batched: StoredEvent[] = [];
  #changed = false;

  constructor(serverName: string, now: () => number) {
    this.serverName = serverName;
    this.now = now;
  }

  /** The latest stream position. */
  get position(): number {
    return this.#position;
  }

  room(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  append(room: Room, event: NewEvent): StoredEvent {
    const stored: StoredEvent = {
      event_id: newEventId(),
      room_id: room.id,
      sender: event.sender,
      type: event.type,
      ...(event.stateKey !== undefined ? { state_key: event.stateKey } : {}),
      origin_server_ts: event.ts ?? this.now(),
      content: event.content,
      pos: ++this.#position,
      origin: event.origin,
      txn: event.txn ?? null,
    };
    return this.batch(() => {
      room.add(stored);
      this.#batched.push(stored);
      this.#changed = true;
      return stored;
    });
  }

  /**
   * The same event once more at the next stream position, as a client sees it when its sync
   * token went back (it crashed before saving it) or a federation retry slips through: same id,
   * same content. Clients must not act on it twice.
   */
  redeliver(room: Room, eventId: string): StoredEvent {
    const original = room.events.find((e) => e.event_id === eventId);
    if (original === undefined) throw new Error(`fake Matrix: no event ${eventId} in ${room.id}`);
    const again: StoredEvent = { ...original, pos: ++this.#position };
    return this.batch(() => {
      room.add(again);
      this.#batched.push(again);
      this.#changed = true;
      return again;
    });
  }

  setAccountData(userId: string, type: string, content: Record<string, unknown>): void {
    this.batch(() => {
      let entries = this.#accountData.get(userId);
      if (entries === undefined) {
        entries = new Map();
        this.#accountData.set(userId, entries);
      }
      entries.set(type, { content, pos: ++this.#position });
      this.#changed = true;
    });
  }

  accountData(userId: string, type: string): Record<string, unknown> | undefined {
    return this.#accountData.get(userId)?.get(type)?.content;
  }

  /** Global account data changed after `since` (all of it when null), as sync events. */
  accountDataSince(
    userId: string,
    since: number | null,
  ): { type: string; content: Record<string, unknown> }[] {
    return [...(this.#accountData.get(userId)?.entries() ?? [])]
      .filter(([, entry]) => since === null || entry.pos > since)
      .map(([type, entry]) => ({ type, content: entry.content }));
  }

  transaction(token: string, path: string): string | undefined {
    return this.#transactions.get(`${token} ${path}`);
  }

  recordTransaction(token: string, path: string, eventId: string): void {
    this.#transactions.set(`${token} ${path}`, eventId);
  }

  addFilter(userId: string, filter: Record<string, unknown>): string {
    const id = String(this.#filters.size);
    this.#filters.set(id, { userId, filter });
    return id;
  }

  filter(id: string): { userId: string; filter: Record<string, unknown> } | undefined {
    return this.#filters.get(id);
  }

  /** Called once per batch of changes with the events it appended. */
  onChange(listener: (events: StoredEvent[]) => void): void {
    this.#listeners.add(listener);
  }

  /** Runs `work` as one change: listeners hear of it once, when the outermost batch ends. */
  batch<T>(work: () => T): T {
    this.#batchDepth += 1;
    try {
      return work();
    } finally {
      this.#batchDepth -= 1;
      if (this.#batchDepth === 0 && this.#changed) {
        const events = this.#batched;
        this.#batched = [];
        this.#changed = false;
        for (const listener of this.#listeners) listener(events);
      }
    }
  }
}
