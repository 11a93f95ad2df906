/**
 * Making rooms and changing memberships, for the test and the API alike: the initial state a
 * homeserver writes at `createRoom` (create, creator's join, power levels, join rules, history
 * visibility, then name, topic, encryption), and `m.room.member` events.
 */
import { newRoomId } from "./ids.ts";
import { type EventOrigin, type Membership, Room, type StoredEvent } from "./room.ts";
import type { HomeserverStore } from "./store.ts";
import type { CreateRoomOptions } from "./types.ts";

/** What a megolm room announces; the fake never encrypts or decrypts anything. */
export const MEGOLM = "m.megolm.v1.aes-sha2";

export function createRoom(store: HomeserverStore, options: CreateRoomOptions & { creator: string }): Room {
  const { creator } = options;
  const room = new Room(newRoomId(store.serverName));
  room.direct = options.isDirect === true;
  const alias =
    options.alias === undefined || options.alias.startsWith("#")
      ? options.alias
      : `#${options.alias}:${store.serverName}`;
  if (alias !== undefined) {
    if (store.aliases.has(alias)) throw new Error(`fake Matrix: the alias ${alias} is taken`);
    store.aliases.set(alias, room.id);
  }
  store.rooms.set(room.id, room);
  store.batch(() => {
    const setup = (type: string, content: Record<string, unknown>) =>
      store.append(room, { sender: creator, type, content, stateKey: "", origin: "setup" });
    setup("m.room.create", { creator, room_version: "10" });
    changeMembership(store, room, { sender: creator, target: creator, membership: "join", origin: "setup" });
    setup("m.room.power_levels", {
      users: { [creator]: 100 },
      users_default: 0,
      events: {},
      events_default: 0,
      state_default: 50,
      ban: 50,
      kick: 50,
      redact: 50,
      invite: 0,
    });
    setup("m.room.join_rules", { join_rule: options.public === true ? "public" : "invite" });
    setup("m.room.history_visibility", { history_visibility: "shared" });
    if (alias !== undefined) setup("m.room.canonical_alias", { alias });
    if (options.name !== undefined) setup("m.room.name", { name: options.name });
    if (options.topic !== undefined) setup("m.room.topic", { topic: options.topic });
    if (options.encrypted === true) setup("m.room.encryption", { algorithm: MEGOLM });
    for (const member of options.members ?? []) {
      if (member === creator) continue;
      if (room.direct) {
        changeMembership(store, room, {
          sender: creator,
          target: member,
          membership: "invite",
          origin: "setup",
        });
      }
      changeMembership(store, room, { sender: member, target: member, membership: "join", origin: "setup" });
    }
  });
  return room;
}

/**
 * An `m.room.member` event for `target`: its display name on joins and invites, `is_direct` on
 * invites to a direct room (unless told otherwise), a reason when given.
 */
export function changeMembership(
  store: HomeserverStore,
  room: Room,
  change: {
    sender: string;
    target: string;
    membership: Membership;
    origin: EventOrigin;
    isDirect?: boolean;
    reason?: string;
  },
): StoredEvent {
  store.users.ensure(change.sender);
  store.users.ensure(change.target);
  const content: Record<string, unknown> = { membership: change.membership };
  const displayName = store.users.displayName(change.target);
  if ((change.membership === "join" || change.membership === "invite") && displayName !== undefined) {
    content.displayname = displayName;
  }
  if (change.membership === "invite" && (change.isDirect ?? room.direct)) content.is_direct = true;
  if (change.reason !== undefined) content.reason = change.reason;
  return store.append(room, {
    sender: change.sender,
    type: "m.room.member",
    content,
    stateKey: change.target,
    origin: change.origin,
  });
}
