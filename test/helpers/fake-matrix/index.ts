/**
 * An in-process fake Matrix homeserver on node:http (127.0.0.1, port 0) for the real
 * matrix-bot-sdk `MatrixClient`, following the client-server API (v1.11): /versions, whoami,
 * filters, a real /sync long-poll (joined rooms with timeline and state, invites with stripped
 * state, rooms left, account data), join/leave/invite, send with transaction ids (idempotent per
 * access token), state, members, profiles, the media repository (authenticated v1 downloads,
 * legacy v3 frozen or not, uploads); the spec's errors (401 `M_MISSING_TOKEN`/`M_UNKNOWN_TOKEN`,
 * 403 `M_FORBIDDEN`, 404 `M_NOT_FOUND`, 404/405 `M_UNRECOGNIZED`, 429 `M_LIMIT_EXCEEDED` with
 * `retry_after_ms` and `Retry-After`); injected faults; a record of every request.
 * No federation, no end-to-end encryption (an encrypted room only announces it), no /messages.
 *
 * server.ts starts it and routes requests (routes.ts) to account-endpoints.ts, sync-endpoint.ts,
 * room-endpoints.ts and media-endpoints.ts; store.ts keeps the stream of changes, room.ts one
 * room, room-setup.ts makes rooms and memberships, sync-response.ts builds /sync, long-polls.ts
 * holds it, wire.ts shapes events, test-controls.ts is what tests do directly; users.ts, media-store.ts,
 * faults.ts, http.ts, errors.ts and ids.ts one concern each (waiting: ../waiters.ts).
 */
export { MatrixHttpError } from "./errors.ts";
export { MEGOLM } from "./room-setup.ts";
export { startFakeHomeserver } from "./server.ts";
export { DEFAULT_TIMELINE_LIMIT } from "./sync-response.ts";
export type {
  CreateRoomOptions,
  FakeHomeserver,
  FakeHomeserverOptions,
  MatrixEvent,
  RecordedRequest,
} from "./types.ts";
