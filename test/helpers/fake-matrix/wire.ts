/**
 * Events as clients receive them: client events (with `room_id`, from /state and /event), the same
 * without `room_id` (in /sync), stripped state (invites), and the test's view.
 */
import type { StoredEvent } from "./room.ts";
import type { MatrixEvent } from "./types.ts";

/** `unsigned.age` from the fake's clock; `transaction_id` only for the token that sent the event. */
export function clientEvent(
  event: StoredEvent,
  now: number,
  options: { token?: string | null; withRoomId?: boolean } = {},
): Record<string, unknown> {
  const unsigned: Record<string, unknown> = { age: Math.max(0, now - event.origin_server_ts) };
  if (event.txn !== null && options.token === event.txn.token) unsigned.transaction_id = event.txn.txnId;
  return {
    event_id: event.event_id,
    ...(options.withRoomId === false ? {} : { room_id: event.room_id }),
    sender: event.sender,
    type: event.type,
    ...(event.state_key !== undefined ? { state_key: event.state_key } : {}),
    origin_server_ts: event.origin_server_ts,
    content: structuredClone(event.content),
    unsigned,
  };
}

/** Stripped state: type, state key, sender and content only. */
export function strippedEvent(event: StoredEvent): Record<string, unknown> {
  return {
    type: event.type,
    state_key: event.state_key ?? "",
    sender: event.sender,
    content: structuredClone(event.content),
  };
}

/** What `timeline()`, `sentBy()` and `nextSent()` hand the test: a copy, without the fake's bookkeeping. */
export function publicEvent(event: StoredEvent): MatrixEvent {
  return {
    event_id: event.event_id,
    room_id: event.room_id,
    sender: event.sender,
    type: event.type,
    ...(event.state_key !== undefined ? { state_key: event.state_key } : {}),
    origin_server_ts: event.origin_server_ts,
    content: structuredClone(event.content),
    ...(event.txn !== null ? { unsigned: { transaction_id: event.txn.txnId } } : {}),
  };
}
