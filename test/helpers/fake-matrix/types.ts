/** The fake homeserver's public shapes: what a test drives, and what it reads back. */

/** A room event as the fake keeps it (a client event: `room_id` included). */
export interface MatrixEvent {
  event_id: string;
  room_id: string;
  sender: string;
  type: string;
  state_key?: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  /** `transaction_id` when it was sent with one (the sender's own /sync shows it to that token only). */
  unsigned?: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  /** The path, each segment percent-decoded (`/_matrix/client/v3/rooms/!a:fake.test/send/…`). */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body, the raw bytes (uploads), or null without a body. */
  body: unknown;
  /** From `Authorization: Bearer …` or `?access_token=`; null without one. */
  token: string | null;
  /** The HTTP status answered; 0 while unanswered (a long-poll still held, a dropped connection). */
  status: number;
  at: number;
}

export interface FakeHomeserverOptions {
  serverName?: string;
  botLocalpart?: string;
  /**
   * The legacy unauthenticated `/_matrix/media/v3/download/…`: "frozen" answers 404 `M_NOT_FOUND`
   * for media uploaded after the freeze (all of it, unless `uploadMedia({ beforeFreeze: true })`),
   * as servers enforcing MSC3916's freeze do. Default: "frozen" with authenticated media, else "allowed".
   */
  legacyMedia?: "allowed" | "frozen";
  /**
   * Whether `/_matrix/client/v1/media/*` exists (spec v1.11). False: an older server, which answers
   * 404 `M_UNRECOGNIZED` there and does not list v1.11 in /versions. Default true.
   */
  authenticatedMedia?: boolean;
  /** The clock (ms) behind `origin_server_ts`, `unsigned.age` and request times; default Date.now. */
  now?: () => number;
}

export interface CreateRoomOptions {
  /** Joined first, power level 100; default the bot. */
  creator?: string;
  name?: string;
  topic?: string;
  /** Adds `m.room.encryption` (`m.megolm.v1.aes-sha2`) to the initial state. */
  encrypted?: boolean;
  /** Joined after the creator (in a direct room: invited with `is_direct: true`, then joined). */
  members?: string[];
  /** A direct chat: members' invites carry `is_direct: true`, join rule "invite". */
  isDirect?: boolean;
  /** Join rule "public": anyone may join through the API without an invite. */
  public?: boolean;
  /** A local alias (`#name:fake.test`) that `/join/{roomIdOrAlias}` resolves. */
  alias?: string;
}

export interface FakeHomeserver {
  /** `http://127.0.0.1:PORT` */
  url: string;
  serverName: string;
  botUserId: string;
  botToken: string;
  /** Another user's access token (the user is created on first use). */
  tokenOf(userId: string): string;
  /** Every request, in arrival order, refused ones included. */
  requests: RecordedRequest[];
  /** A room with its initial state; the creator and `members` joined. Returns `!…:fake.test`. */
  createRoom(o?: CreateRoomOptions): string;
  /** `from` (joined) invites `to` (default the bot): shows in the invitee's /sync under `rooms.invite`. */
  invite(roomId: string, o: { from: string; to?: string; isDirect?: boolean }): void;
  /** Joins a user whatever the join rules (the test's doing, not the API's). */
  join(roomId: string, userId: string): void;
  /** An event from a joined user, appended to the timeline; wakes pending /sync long-polls. */
  sendAs(
    userId: string,
    roomId: string,
    content: Record<string, unknown>,
    o?: { type?: string; stateKey?: string; ts?: number; txnId?: string },
  ): MatrixEvent;
  /** The same event delivered once more in the next /sync (a double delivery the bot must ignore). */
  redeliver(roomId: string, eventId: string): void;
  /** A file in the media repository, as if `from` (default the bot) had uploaded it: its mxc:// URI. */
  uploadMedia(o: {
    bytes: Buffer | string;
    fileName: string;
    contentType?: string;
    from?: string;
    /** Uploaded before the legacy endpoints froze: still served there when `legacyMedia` is "frozen". */
    beforeFreeze?: boolean;
  }): string;
  /** A room's events, oldest first, initial state included. */
  timeline(roomId: string): MatrixEvent[];
  /** What a user sent through the API (`/send`, `/state`) or `sendAs` — not joins, leaves or setup. */
  sentBy(userId: string, roomId?: string): MatrixEvent[];
  /**
   * The next event sent through the API (`/send`, `/state`) by `by` (default the bot) in `roomId`
   * (default any); rejects after `timeoutMs` (default 10 s) or when the fake closes.
   */
  nextSent(o?: { by?: string; roomId?: string; timeoutMs?: number }): Promise<MatrixEvent>;
  /**
   * The /sync request of `userId` (default the bot) held as a long-poll right now, or the next one
   * to be: the client has taken in everything so far and waits for news. Rejects after `timeoutMs`
   * (default 10 s) or when the fake closes.
   */
  heldSync(o?: { userId?: string; timeoutMs?: number }): Promise<RecordedRequest>;
  /** The next `times` requests whose path matches get 429 `M_LIMIT_EXCEEDED`, `retry_after_ms` and `Retry-After`. */
  rateLimit(o: { pathPattern: RegExp; times: number; retryAfterMs: number }): void;
  /** The next `times` (default 1) requests whose path matches get this status and error. */
  failNext(o: { pathPattern: RegExp; status: number; errcode: string; error?: string; times?: number }): void;
  /** The /sync requests so far. */
  syncRequests(): RecordedRequest[];
  /** Answers pending long-polls (empty), rejects pending `nextSent`, closes the server. */
  close(): Promise<void>;
}
