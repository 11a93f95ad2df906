/**
 * What a test does directly to the homeserver, without going through the API: rooms, invites,
 * joins, events from other users, uploaded files. Mistakes in a test (an unknown room, a sender
 * who is not in it) throw at once with a message saying what to do.
 */
import type { MediaStore } from "./media-store.ts";
import type { Room } from "./room.ts";
import { changeMembership, createRoom } from "./room-setup.ts";
import type { HomeserverStore } from "./store.ts";
import type { CreateRoomOptions, FakeHomeserver, MatrixEvent } from "./types.ts";
import { publicEvent } from "./wire.ts";

type Controls = Pick<
  FakeHomeserver,
  "createRoom" | "invite" | "join" | "sendAs" | "redeliver" | "uploadMedia"
>;

export function testControls(store: HomeserverStore, media: MediaStore, botUserId: string): Controls {
  const roomOf = (roomId: string): Room => {
    const room = store.room(roomId);
    if (room === undefined) throw new Error(`fake Matrix: no room ${roomId} (createRoom() makes one)`);
    return room;
  };
  const joined = (room: Room, userId: string, action: string) => {
    if (room.membership(userId) !== "join") {
      throw new Error(`fake Matrix: ${userId} cannot ${action} in ${room.id}: not joined (join() first)`);
    }
  };

  return {
    createRoom(options: CreateRoomOptions = {}) {
      return createRoom(store, { ...options, creator: options.creator ?? botUserId }).id;
    },
    invite(roomId, { from, to = botUserId, isDirect }) {
      const room = roomOf(roomId);
      joined(room, from, "invite");
      if (room.membership(to) === "join") throw new Error(`fake Matrix: ${to} is already in ${roomId}`);
      changeMembership(store, room, {
        sender: from,
        target: to,
        membership: "invite",
        origin: "setup",
        ...(isDirect !== undefined ? { isDirect } : {}),
      });
    },
    join(roomId, userId) {
      const room = roomOf(roomId);
      if (room.membership(userId) === "join") return;
      changeMembership(store, room, { sender: userId, target: userId, membership: "join", origin: "setup" });
    },
    sendAs(userId, roomId, content, o = {}): MatrixEvent {
      const room = roomOf(roomId);
      joined(room, userId, "send");
      const type = o.type ?? "m.room.message";
      const token = store.users.tokenOf(userId);
      const path = `/_matrix/client/v3/rooms/${roomId}/send/${type}/${o.txnId}`;
      const event = store.append(room, {
        sender: userId,
        type,
        content,
        ...(o.stateKey !== undefined ? { stateKey: o.stateKey } : {}),
        ...(o.ts !== undefined ? { ts: o.ts } : {}),
        origin: "test",
        ...(o.txnId !== undefined ? { txn: { token, txnId: o.txnId } } : {}),
      });
      // A later PUT with the same txnId from that user's token is then a retransmission.
      if (o.txnId !== undefined && o.stateKey === undefined)
        store.recordTransaction(token, path, event.event_id);
      return publicEvent(event);
    },
    redeliver(roomId, eventId) {
      store.redeliver(roomOf(roomId), eventId);
    },
    uploadMedia({ bytes, fileName, contentType, from = botUserId, beforeFreeze = false }) {
      store.users.ensure(from);
      return media.add({
        bytes: typeof bytes === "string" ? Buffer.from(bytes) : bytes,
        contentType: contentType ?? "application/octet-stream",
        fileName,
        uploader: from,
        beforeFreeze,
      });
    },
  };
}
