/**
 * Room endpoints: join (by id or alias; 403 without an invite unless the room is public), leave,
 * invite, send (idempotent per access token and request path — the transaction id is in it), state
 * (put, read all, read one), members, joined members and one event.
 */
import { forbidden, invalidParam, MatrixHttpError, notFound } from "./errors.ts";
import type { Room } from "./room.ts";
import { changeMembership } from "./room-setup.ts";
import { type Ctx, type Route, route } from "./routes.ts";
import type { HomeserverStore } from "./store.ts";
import { clientEvent } from "./wire.ts";

const ROOM = "/_matrix/client/v3/rooms/([^/]+)";

export function roomRoutes(): Route[] {
  return [
    route("POST", /^\/_matrix\/client\/v3\/join\/([^/]+)$/, (ctx, [target = ""]) => join(ctx, target)),
    route("POST", new RegExp(`^${ROOM}/join$`), (ctx, [roomId = ""]) => join(ctx, roomId)),
    route("POST", new RegExp(`^${ROOM}/leave$`), leave),
    route("POST", new RegExp(`^${ROOM}/invite$`), invite),
    route("PUT", new RegExp(`^${ROOM}/send/([^/]+)/([^/]+)$`), send),
    route("PUT", new RegExp(`^${ROOM}/state/([^/]+)(?:/([^/]*))?$`), putState),
    route("GET", new RegExp(`^${ROOM}/state$`), (ctx, [roomId = ""]) => {
      const room = readableRoom(ctx, roomId);
      const now = ctx.store.now();
      ctx.exchange.json(
        200,
        room.currentState().map((event) => clientEvent(event, now)),
      );
    }),
    route(
      "GET",
      new RegExp(`^${ROOM}/state/([^/]+)(?:/([^/]*))?$`),
      (ctx, [roomId = "", type = "", key = ""]) => {
        const room = readableRoom(ctx, roomId);
        const event = room.state(type, key);
        if (event === undefined) throw notFound("Event not found.");
        const format = ctx.url.searchParams.get("format");
        ctx.exchange.json(200, format === "event" ? clientEvent(event, ctx.store.now()) : event.content);
      },
    ),
    route("GET", new RegExp(`^${ROOM}/members$`), (ctx, [roomId = ""]) => {
      const room = readableRoom(ctx, roomId);
      const only = ctx.url.searchParams.get("membership");
      const not = ctx.url.searchParams.get("not_membership");
      const now = ctx.store.now();
      const chunk = room
        .currentState()
        .filter((event) => event.type === "m.room.member")
        .filter((event) => only === null || event.content.membership === only)
        .filter((event) => not === null || event.content.membership !== not)
        .map((event) => clientEvent(event, now));
      ctx.exchange.json(200, { chunk });
    }),
    route("GET", new RegExp(`^${ROOM}/joined_members$`), (ctx, [roomId = ""]) => {
      const room = readableRoom(ctx, roomId);
      const joined = Object.fromEntries(
        room.members("join").map((userId) => {
          const name = room.memberEvent(userId)?.content.displayname;
          return [userId, { display_name: typeof name === "string" ? name : null, avatar_url: null }];
        }),
      );
      ctx.exchange.json(200, { joined });
    }),
    route("GET", new RegExp(`^${ROOM}/event/([^/]+)$`), (ctx, [roomId = "", eventId = ""]) => {
      const room = readableRoom(ctx, roomId);
      const event = room.events.find((candidate) => candidate.event_id === eventId);
      if (event === undefined) throw notFound("Event not found.");
      ctx.exchange.json(200, clientEvent(event, ctx.store.now(), { token: ctx.token }));
    }),
  ];
}

function join(ctx: Ctx, roomIdOrAlias: string): void {
  const { userId } = ctx.caller();
  const roomId = roomIdOrAlias.startsWith("#") ? ctx.store.aliases.get(roomIdOrAlias) : roomIdOrAlias;
  if (roomId === undefined) throw notFound("Room alias not found.");
  const room = ctx.store.room(roomId);
  if (room === undefined) throw notFound(`Unknown room ${roomId}`);
  const membership = room.membership(userId);
  if (membership === "ban") throw forbidden("You are banned from this room");
  if (membership !== "join") {
    if (membership !== "invite" && room.joinRule() !== "public") {
      throw forbidden("You are not invited to this room.");
    }
    changeMembership(ctx.store, room, {
      sender: userId,
      target: userId,
      membership: "join",
      origin: "membership",
    });
  }
  ctx.exchange.json(200, { room_id: room.id });
}

/** Leaving a room, or turning down an invite. */
function leave(ctx: Ctx, [roomId = ""]: string[]): void {
  const { userId } = ctx.caller();
  const reason = ctx.json().reason;
  const room = ctx.store.room(roomId);
  const membership = room?.membership(userId) ?? null;
  if (room === undefined || membership === null || membership === "leave") {
    throw forbidden(`User ${userId} is not in room ${roomId}`);
  }
  changeMembership(ctx.store, room, {
    sender: userId,
    target: userId,
    membership: "leave",
    origin: "membership",
    ...(typeof reason === "string" ? { reason } : {}),
  });
  ctx.exchange.json(200, {});
}

function invite(ctx: Ctx, [roomId = ""]: string[]): void {
  const { userId } = ctx.caller();
  const body = ctx.json();
  const target = body.user_id;
  if (typeof target !== "string") throw new MatrixHttpError(400, "M_MISSING_PARAM", "Missing user_id");
  if (!/^@[^:]+:.+$/.test(target)) throw invalidParam(`${target} is not a user id`);
  const room = joinedRoom(ctx.store, roomId, userId);
  const current = room.membership(target);
  if (current === "join") throw forbidden(`${target} is already in the room.`);
  if (current === "ban") throw forbidden(`${target} is banned from the room`);
  changeMembership(ctx.store, room, {
    sender: userId,
    target,
    membership: "invite",
    origin: "membership",
    ...(typeof body.reason === "string" ? { reason: body.reason } : {}),
  });
  ctx.exchange.json(200, {});
}

/** A retransmission (same token, same path, so same txnId) gets the first event's id and creates nothing. */
function send(ctx: Ctx, [roomId = "", type = "", txnId = ""]: string[]): void {
  const caller = ctx.caller();
  const content = ctx.json();
  const path = `/_matrix/client/v3/rooms/${roomId}/send/${type}/${txnId}`;
  const earlier = ctx.store.transaction(caller.token, path);
  if (earlier !== undefined) {
    ctx.exchange.json(200, { event_id: earlier });
    return;
  }
  const room = joinedRoom(ctx.store, roomId, caller.userId);
  if (!room.maySend(caller.userId, type, false)) throw forbidden(`You don't have permission to post ${type}`);
  const event = ctx.store.append(room, {
    sender: caller.userId,
    type,
    content,
    origin: "api",
    txn: { token: caller.token, txnId },
  });
  ctx.store.recordTransaction(caller.token, path, event.event_id);
  ctx.exchange.json(200, { event_id: event.event_id });
}

function putState(ctx: Ctx, [roomId = "", type = "", stateKey = ""]: string[]): void {
  const { userId } = ctx.caller();
  const content = ctx.json();
  const room = joinedRoom(ctx.store, roomId, userId);
  if (!room.maySend(userId, type, true)) throw forbidden(`You don't have permission to post ${type}`);
  const event = ctx.store.append(room, { sender: userId, type, content, stateKey, origin: "api" });
  ctx.exchange.json(200, { event_id: event.event_id });
}

/** The room, if `userId` is joined to it; 403 `M_FORBIDDEN` otherwise (unknown rooms included). */
function joinedRoom(store: HomeserverStore, roomId: string, userId: string): Room {
  const room = store.room(roomId);
  if (room === undefined || room.membership(userId) !== "join") {
    throw forbidden(`User ${userId} not in room ${roomId}`);
  }
  return room;
}

function readableRoom(ctx: Ctx, roomId: string): Room {
  return joinedRoom(ctx.store, roomId, ctx.caller().userId);
}
