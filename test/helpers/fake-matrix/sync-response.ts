/**
 * The body of `GET /sync` for one user since a stream position: joined rooms (timeline, state, and
 * the full state when first seen), invites (stripped state and the invite event), rooms left, and
 * global account data. `empty` tells a long-poll whether there is anything to answer with.
 */
import type { Room, StoredEvent } from "./room.ts";
import type { HomeserverStore } from "./store.ts";
import type { Caller } from "./users.ts";
import { clientEvent, strippedEvent } from "./wire.ts";

/** Synapse's default timeline limit when the filter gives none. */
export const DEFAULT_TIMELINE_LIMIT = 10;

/** The state an invitee sees of the room (Synapse's default `room_prejoin_state`). */
const INVITE_STATE_TYPES = new Set([
  "m.room.create",
  "m.room.name",
  "m.room.avatar",
  "m.room.topic",
  "m.room.join_rules",
  "m.room.canonical_alias",
  "m.room.encryption",
]);

export interface SyncParams {
  caller: Caller;
  /** The stream position of the `since` token; null for an initial sync. */
  since: number | null;
  fullState: boolean;
  timelineLimit: number;
}

export function syncToken(position: number): string {
  return `s${position}`;
}

/** The stream position of a `since` token, or null when it is not one of the fake's. */
export function parseSyncToken(token: string): number | null {
  const match = /^s(\d+)$/.exec(token);
  return match === null ? null : Number(match[1]);
}

export function buildSync(store: HomeserverStore, params: SyncParams): { body: unknown; empty: boolean } {
  const { userId } = params.caller;
  const join: Record<string, unknown> = {};
  const invite: Record<string, unknown> = {};
  const leave: Record<string, unknown> = {};
  for (const room of store.rooms.values()) {
    const member = room.memberEvent(userId);
    const membership = room.membership(userId);
    if (member === undefined) continue;
    const changed = params.since === null || member.pos > params.since;
    if (membership === "join") {
      const joined = joinedRoom(store, room, member, params);
      if (joined !== null) join[room.id] = joined;
    } else if (membership === "invite" && changed) {
      invite[room.id] = invitedRoom(store, room, member, params);
    } else if ((membership === "leave" || membership === "ban") && params.since !== null && changed) {
      leave[room.id] = leftRoom(store, room, member, params);
    }
  }
  const accountData = store.accountDataSince(userId, params.since);
  const empty =
    Object.keys(join).length + Object.keys(invite).length + Object.keys(leave).length + accountData.length ===
    0;
  return {
    empty,
    body: {
      next_batch: syncToken(store.position),
      rooms: { join, invite, leave, knock: {} },
      account_data: { events: accountData },
      presence: { events: [] },
      to_device: { events: [] },
      device_lists: { changed: [], left: [] },
      device_one_time_keys_count: {},
    },
  };
}

/**
 * A joined room: the events since `since` (the latest `timelineLimit`, `limited` when more); the
 * state before the timeline — all of it on an initial sync, with `full_state`, or when the user
 * has joined since (the timeline then holds the room's latest events, history being shared);
 * otherwise only what changed in a gap. Null when nothing changed.
 */
function joinedRoom(
  store: HomeserverStore,
  room: Room,
  member: StoredEvent,
  params: SyncParams,
): Record<string, unknown> | null {
  const { since } = params;
  const newlyJoined = since === null || member.pos > since;
  const fresh = newlyJoined ? room.events : room.events.filter((event) => event.pos > since);
  if (!newlyJoined && fresh.length === 0 && !params.fullState) return null;
  const timeline = fresh.slice(-params.timelineLimit);
  const start = timeline[0]?.pos ?? store.position + 1;
  const before = room.stateBefore(start);
  const state =
    newlyJoined || params.fullState || since === null ? before : before.filter((event) => event.pos > since);
  const joined = room.members("join");
  const invited = room.members("invite");
  return {
    summary: {
      "m.heroes": [...joined, ...invited].filter((user) => user !== params.caller.userId).slice(0, 5),
      "m.joined_member_count": joined.length,
      "m.invited_member_count": invited.length,
    },
    state: { events: wireAll(store, state, params) },
    timeline: {
      events: wireAll(store, timeline, params),
      limited: fresh.length > timeline.length,
      prev_batch: syncToken(start - 1),
    },
    ephemeral: { events: [] },
    account_data: { events: [] },
    unread_notifications: { highlight_count: 0, notification_count: 0 },
  };
}

/** Stripped state of the room, then the invite itself (in full, as Synapse sends it). */
function invitedRoom(store: HomeserverStore, room: Room, member: StoredEvent, params: SyncParams) {
  const state = room.currentState().filter((event) => INVITE_STATE_TYPES.has(event.type));
  return {
    invite_state: {
      events: [...state.map(strippedEvent), ...wireAll(store, [member], params)],
    },
  };
}

/** The events up to the leave while the user was in the room; only the leave otherwise. */
function leftRoom(store: HomeserverStore, room: Room, member: StoredEvent, params: SyncParams) {
  const since = params.since ?? 0;
  const wasJoined = room.membershipBefore(params.caller.userId, since + 1) === "join";
  const events = wasJoined
    ? room.events.filter((event) => event.pos > since && event.pos <= member.pos)
    : [member];
  const timeline = events.slice(-params.timelineLimit);
  return {
    state: { events: [] },
    timeline: {
      events: wireAll(store, timeline, params),
      limited: events.length > timeline.length,
      prev_batch: syncToken((timeline[0]?.pos ?? member.pos) - 1),
    },
    account_data: { events: [] },
  };
}

function wireAll(store: HomeserverStore, events: StoredEvent[], params: SyncParams) {
  const now = store.now();
  return events.map((event) => clientEvent(event, now, { token: params.caller.token, withRoomId: false }));
}
