/**
 * The fake homeserver against the real matrix-bot-sdk `MatrixClient` (and plain fetch for what the
 * client hides: headers, raw bodies, long-polls), so the fake is held to what the SDK the bot uses
 * accepts. No wall-clock sleeps: tests wait on events the client emits, on `heldSync()` (the client
 * is caught up and long-polling) and on `nextSent()`.
 */
import type { EventEmitter } from "node:events";
import {
  type ILogger,
  LogLevel,
  LogService,
  MatrixClient,
  MatrixError,
  MemoryStorageProvider,
} from "matrix-bot-sdk";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { matrixIncomingFile } from "../../src/chat/matrix/matrix-files.ts";
import { type FakeHomeserver, MEGOLM, startFakeHomeserver } from "../helpers/fake-matrix/index.ts";

const MARIE = "@marie:fake.test";
const PAUL = "@paul:fake.test";

/** The SDK's log, silenced; `info` lines are kept so a test can wait for the sync loop to end. */
const logListeners = new Set<(line: string) => void>();
const quiet: ILogger = {
  info: (_module, ...parts: unknown[]) => {
    for (const listener of logListeners) listener(parts.map(String).join(" "));
  },
  warn: () => {},
  error: () => {},
  debug: () => {},
  trace: () => {},
};

function logged(fragment: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (line: string) => {
      if (!line.includes(fragment)) return;
      logListeners.delete(listener);
      resolve();
    };
    logListeners.add(listener);
  });
}

/** An event as the SDK hands it to its listeners (typed `any` there). */
interface RoomEvent {
  event_id: string;
  type: string;
  sender: string;
  state_key?: string;
  content: Record<string, unknown>;
  unsigned?: Record<string, unknown>;
}

/** The next emission of `name` whose arguments (room id, event) pass `matches`. */
function emitted(
  emitter: EventEmitter,
  name: string,
  matches: (roomId: string, event: RoomEvent) => boolean = () => true,
): Promise<[string, RoomEvent]> {
  return new Promise((resolve) => {
    const listener = (roomId: string, event: RoomEvent) => {
      if (!matches(roomId, event)) return;
      emitter.off(name, listener);
      resolve([roomId, event]);
    };
    emitter.on(name, listener);
  });
}

/** What the tests read of /sync bodies, checked at the boundary (unknown keys kept). */
const wireEvent = z.looseObject({
  event_id: z.string().optional(),
  type: z.string(),
  sender: z.string(),
  state_key: z.string().optional(),
  content: z.record(z.string(), z.unknown()),
  unsigned: z.record(z.string(), z.unknown()).optional(),
});
const syncBody = z.looseObject({
  next_batch: z.string(),
  rooms: z.object({
    join: z.record(
      z.string(),
      z.looseObject({
        state: z.object({ events: z.array(wireEvent) }),
        timeline: z.object({ events: z.array(wireEvent), limited: z.boolean() }),
        summary: z.record(z.string(), z.unknown()),
      }),
    ),
    invite: z.record(z.string(), z.object({ invite_state: z.object({ events: z.array(wireEvent) }) })),
    leave: z.record(z.string(), z.unknown()),
  }),
});
type SyncBody = z.infer<typeof syncBody>;

let fake: FakeHomeserver;
const clients: MatrixClient[] = [];

function clientOf(token = fake.botToken): MatrixClient {
  const client = new MatrixClient(fake.url, token, new MemoryStorageProvider());
  clients.push(client);
  return client;
}

/** A started client, once it has taken in its first sync and waits on the next. */
async function started(token = fake.botToken, userId = fake.botUserId): Promise<MatrixClient> {
  const client = clientOf(token);
  await client.start();
  await fake.heldSync({ userId });
  return client;
}

async function api(path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token = fake.botToken, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  const response = await fetch(`${fake.url}${path}`, { ...rest, headers });
  const body: unknown = await response.json();
  return { response, body };
}

async function sync(query = "", token = fake.botToken): Promise<SyncBody> {
  return syncBody.parse((await api(`/_matrix/client/v3/sync${query}`, { token })).body);
}

/** A joined room of a sync body (failing clearly when it is not there). */
function joined(body: SyncBody, roomId: string) {
  const room = body.rooms.join[roomId];
  if (room === undefined) throw new Error(`${roomId} is not in rooms.join`);
  return room;
}

const enc = encodeURIComponent;

beforeAll(() => {
  LogService.setLogger(quiet);
  LogService.setLevel(LogLevel.INFO);
});

beforeEach(async () => {
  fake = await startFakeHomeserver();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.stop();
  await fake.close();
});

describe("who the bot is", () => {
  it("answers whoami with the bot's user and device, and the SDK takes its user id from it", async () => {
    const client = clientOf();
    expect(await client.getUserId()).toBe(fake.botUserId);
    expect(await client.getWhoAmI()).toMatchObject({ user_id: "@ctg:fake.test", is_guest: false });
    expect((await client.getWhoAmI()).device_id).toMatch(/^[A-Z]{10}$/);
    expect(fake.requests[0]).toMatchObject({
      method: "GET",
      path: "/_matrix/client/v3/account/whoami",
      token: fake.botToken,
      status: 200,
    });
  });

  it("refuses an unknown token (401 M_UNKNOWN_TOKEN) and a missing one (401 M_MISSING_TOKEN)", async () => {
    await expect(clientOf("syt_nobody").getUserId()).rejects.toMatchObject({
      statusCode: 401,
      errcode: "M_UNKNOWN_TOKEN",
    });
    const missing = await api("/_matrix/client/v3/account/whoami", { token: null });
    expect(missing.response.status).toBe(401);
    expect(missing.body).toMatchObject({ errcode: "M_MISSING_TOKEN" });
    const inQuery = await api(`/_matrix/client/v3/account/whoami?access_token=${fake.tokenOf(MARIE)}`, {
      token: null,
    });
    expect(inQuery.body).toMatchObject({ user_id: MARIE });
  });

  it("lists spec versions up to v1.11 (v1.10 on a server without authenticated media)", async () => {
    expect(await clientOf().getServerVersions()).toEqual({
      versions: expect.arrayContaining(["v1.1", "v1.11"]),
      unstable_features: {},
    });
    await fake.close();
    fake = await startFakeHomeserver({ authenticatedMedia: false });
    const versions = await clientOf().getServerVersions();
    expect(versions.versions).toContain("v1.10");
    expect(versions.versions).not.toContain("v1.11");
  });

  it("gives profiles (display name: the localpart) and 404 for unknown users", async () => {
    fake.tokenOf(MARIE);
    expect(await clientOf().getUserProfile(MARIE)).toEqual({ displayname: "marie" });
    await expect(clientOf().getUserProfile("@nobody:fake.test")).rejects.toMatchObject({
      statusCode: 404,
      errcode: "M_NOT_FOUND",
    });
  });
});

describe("sync", () => {
  it("start() syncs, then a message from another user arrives through room.message", async () => {
    const roomId = fake.createRoom({ name: "COPIL", members: [MARIE] });
    const client = await started();
    const message = emitted(client, "room.message");
    const sent = fake.sendAs(MARIE, roomId, { msgtype: "m.text", body: "!ctg aide" });
    const [inRoom, event] = await message;
    expect(inRoom).toBe(roomId);
    expect(event).toMatchObject({
      event_id: sent.event_id,
      sender: MARIE,
      type: "m.room.message",
      content: { msgtype: "m.text", body: "!ctg aide" },
      origin_server_ts: sent.origin_server_ts,
    });
    // start(): m.direct account data, joined rooms, then an initial sync and long-polls with its token
    const paths = fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths.slice(0, 3)).toEqual([
      "GET /_matrix/client/v3/account/whoami",
      "GET /_matrix/client/v3/user/@ctg:fake.test/account_data/m.direct",
      "GET /_matrix/client/v3/joined_rooms",
    ]);
    const [initial, poll] = fake.syncRequests();
    expect(initial?.query.since).toBeUndefined();
    expect(poll?.query).toMatchObject({ since: expect.any(String), timeout: "30000" });
  });

  it("holds a long-poll until an event arrives, and answers empty when its timeout runs out", async () => {
    const roomId = fake.createRoom({ members: [MARIE] });
    const since = (await sync()).next_batch;
    const empty = await sync(`?since=${since}&timeout=30`);
    expect(empty).toMatchObject({ next_batch: since, rooms: { join: {}, invite: {}, leave: {} } });

    const polling = sync(`?since=${since}&timeout=60000`);
    const held = await fake.heldSync();
    expect(held.status).toBe(0);
    const sent = fake.sendAs(MARIE, roomId, { msgtype: "m.text", body: "Bonjour" });
    const woken = await polling;
    expect(held.status).toBe(200);
    expect(woken.next_batch).not.toBe(since);
    expect(joined(woken, roomId).timeline.events).toEqual([
      expect.objectContaining({
        event_id: sent.event_id,
        sender: MARIE,
        content: { msgtype: "m.text", body: "Bonjour" },
      }),
    ]);
  });

  it("gives the full state and recent timeline on the first sync, only what is new afterwards", async () => {
    const roomId = fake.createRoom({ name: "Comité", encrypted: true, members: [MARIE] });
    for (let n = 1; n <= 12; n += 1) fake.sendAs(MARIE, roomId, { msgtype: "m.text", body: `m${n}` });
    const first = await sync();
    const room = joined(first, roomId);
    const stateTypes = room.state.events.map((e) => e.type);
    expect(stateTypes).toEqual(
      expect.arrayContaining(["m.room.create", "m.room.name", "m.room.power_levels", "m.room.member"]),
    );
    expect(room.state.events.find((e) => e.type === "m.room.encryption")?.content).toEqual({
      algorithm: MEGOLM,
    });
    expect(room.timeline.events.map((e) => e.content.body)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${i + 3}`),
    );
    expect(room.timeline.limited).toBe(true);
    expect(room.timeline.events[0]).not.toHaveProperty("room_id");
    expect(room.summary).toMatchObject({ "m.joined_member_count": 2, "m.heroes": [MARIE] });

    fake.sendAs(MARIE, roomId, { msgtype: "m.text", body: "m13" });
    const next = await sync(`?since=${first.next_batch}`);
    expect(joined(next, roomId).timeline.events.map((e) => e.content.body)).toEqual(["m13"]);
    expect(joined(next, roomId).state.events).toEqual([]);
    const full = await sync(`?since=${first.next_batch}&full_state=true`);
    expect(joined(full, roomId).state.events.length).toBeGreaterThan(5);
  });

  it("start(filter) creates the filter, and /sync honours its timeline limit", async () => {
    const roomId = fake.createRoom({ members: [MARIE] });
    for (const body of ["un", "deux", "trois"]) fake.sendAs(MARIE, roomId, { msgtype: "m.text", body });
    const filter = { room: { timeline: { limit: 2 } } };
    const client = clientOf();
    await client.start(filter);
    await fake.heldSync();
    const created = fake.requests.find((r) => r.method === "POST" && r.path.endsWith("/filter"));
    expect(created).toMatchObject({ path: "/_matrix/client/v3/user/@ctg:fake.test/filter", body: filter });
    expect(fake.syncRequests().map((r) => r.query.filter)).toEqual(["0", "0"]);
    const limited = joined(await sync("?filter=0"), roomId).timeline;
    expect([limited.limited, limited.events.map((e) => e.content.body)]).toEqual([true, ["deux", "trois"]]);
    expect((await api(`/_matrix/client/v3/user/${enc(fake.botUserId)}/filter/0`)).body).toEqual(filter);
    expect((await api(`/_matrix/client/v3/user/${enc(MARIE)}/filter/0`)).response.status).toBe(403);
  });

  it("shows an encrypted event as m.room.encrypted (the fake has no keys, nor does the client)", async () => {
    const roomId = fake.createRoom({ encrypted: true, members: [MARIE] });
    const client = await started();
    const encrypted = emitted(
      client,
      "room.event",
      (_room: string, event: RoomEvent) => event.type === "m.room.encrypted",
    );
    const sent = fake.sendAs(
      MARIE,
      roomId,
      { algorithm: MEGOLM, ciphertext: "AwgAEnAc…", sender_key: "k", session_id: "s", device_id: "D" },
      { type: "m.room.encrypted" },
    );
    expect((await encrypted)[1]).toMatchObject({ event_id: sent.event_id, content: { algorithm: MEGOLM } });
    expect((await client.getRoomStateEvent(roomId, "m.room.encryption", "")).algorithm).toBe(MEGOLM);
  });

  it("ends the sync loop on stop(): the long-poll in flight is answered and no other follows", async () => {
    const roomId = fake.createRoom({ members: [MARIE] });
    const client = await started();
    const stopped = logged("Client stop requested");
    client.stop();
    fake.sendAs(MARIE, roomId, { msgtype: "m.text", body: "réveil" });
    await stopped;
    // the loop has returned: the initial sync and the long-poll woken by the event, both answered
    expect(fake.syncRequests().map((request) => [request.query.since === undefined, request.status])).toEqual(
      [
        [true, 200],
        [false, 200],
      ],
    );
  });

  it("ends pending long-polls on close(), with an empty answer", async () => {
    const token = fake.tokenOf(MARIE);
    const since = (await sync("", token)).next_batch;
    const polling = api(`/_matrix/client/v3/sync?since=${since}&timeout=60000`, { token });
    await fake.heldSync({ userId: MARIE });
    await fake.close();
    const answer = await polling;
    expect(answer.response.status).toBe(200);
    expect(answer.body).toMatchObject({ next_batch: since, rooms: { join: {} } });
  });
});

describe("sending", () => {
  it("sendMessage and sendNotice append events, seen by nextSent() and sentBy(), echoed with the transaction id", async () => {
    const roomId = fake.createRoom({ members: [MARIE] });
    const client = await started();
    const next = fake.nextSent({ roomId });
    const echo = emitted(
      client,
      "room.message",
      (_room: string, e: RoomEvent) => e.sender === fake.botUserId,
    );
    const eventId = await client.sendMessage(roomId, { msgtype: "m.text", body: "Bonjour Marie" });
    expect((await next).event_id).toBe(eventId);
    const noticeId = await client.sendNotice(roomId, "Rappel : COPIL jeudi");
    expect(fake.sentBy(fake.botUserId, roomId).map((e) => [e.event_id, e.content.msgtype])).toEqual([
      [eventId, "m.text"],
      [noticeId, "m.notice"],
    ]);
    const [, own] = await echo;
    expect(own.unsigned?.transaction_id).toMatch(/__inc1$/);
    // others never see the sender's transaction id
    const theirs = await sync("", fake.tokenOf(MARIE));
    const seen = joined(theirs, roomId).timeline.events.find((e) => e.event_id === eventId);
    expect(seen?.unsigned).toEqual({ age: expect.any(Number) });
  });

  it("answers a retransmitted transaction id with the same event and creates nothing", async () => {
    const roomId = fake.createRoom({ members: [MARIE] });
    const client = clientOf();
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/send/m.room.message/ctg-rappel-42`;
    const content = { msgtype: "m.text", body: "Rappel J-7" };
    const first = await client.doRequest("PUT", path, null, content);
    const again = await client.doRequest("PUT", path, null, content);
    expect(again.event_id).toBe(first.event_id);
    expect(fake.timeline(roomId).filter((e) => e.type === "m.room.message")).toHaveLength(1);
    // the scope is the access token: the same txnId from another user is another event
    const other = await clientOf(fake.tokenOf(MARIE)).doRequest("PUT", path, null, content);
    expect(other.event_id).not.toBe(first.event_id);
    expect(fake.sentBy(MARIE, roomId)).toHaveLength(1);
  });

  it("refuses to send into a room the sender is not in (403 M_FORBIDDEN)", async () => {
    const roomId = fake.createRoom({ creator: MARIE });
    await expect(clientOf().sendText(roomId, "Bonjour")).rejects.toMatchObject({
      statusCode: 403,
      errcode: "M_FORBIDDEN",
    });
    expect(fake.sentBy(fake.botUserId)).toEqual([]);
  });

  it("rejects nextSent() with a clear message when nothing comes", async () => {
    await expect(fake.nextSent({ timeoutMs: 20 })).rejects.toThrow(
      /no event sent by @ctg:fake\.test within 0\.02 s/,
    );
  });
});

describe("rooms and memberships", () => {
  it("delivers an invite as room.invite (sender: the inviter), then the bot joins and sees room.join", async () => {
    const roomId = fake.createRoom({ creator: MARIE, name: "Ateliers" });
    const client = await started();
    const invited = emitted(client, "room.invite");
    fake.invite(roomId, { from: MARIE });
    const [inRoom, invite] = await invited;
    expect(inRoom).toBe(roomId);
    expect(invite).toMatchObject({
      type: "m.room.member",
      sender: MARIE,
      state_key: fake.botUserId,
      content: { membership: "invite" },
    });
    const joinedEvent = emitted(client, "room.join");
    expect(await client.joinRoom(roomId)).toBe(roomId);
    expect((await joinedEvent)[0]).toBe(roomId);
    expect(await client.getJoinedRooms()).toEqual([roomId]);
    expect(await client.getJoinedRoomMembers(roomId)).toEqual([MARIE, fake.botUserId]);
  });

  it("shows the invite state (name, encryption) and is_direct on a direct invite", async () => {
    const roomId = fake.createRoom({ creator: MARIE, name: "DM", encrypted: true, isDirect: true });
    fake.invite(roomId, { from: MARIE });
    const invite = (await sync()).rooms.invite[roomId]?.invite_state.events ?? [];
    expect(invite.map((e) => e.type)).toEqual(
      expect.arrayContaining(["m.room.create", "m.room.name", "m.room.encryption", "m.room.join_rules"]),
    );
    expect(invite.find((e) => e.type === "m.room.member")).toMatchObject({
      sender: MARIE,
      state_key: fake.botUserId,
      content: { membership: "invite", is_direct: true },
    });
  });

  it("refuses to join a room without an invite (403), unless it is public; joins by alias", async () => {
    const closed = fake.createRoom({ creator: MARIE });
    await expect(clientOf().joinRoom(closed)).rejects.toMatchObject({
      statusCode: 403,
      errcode: "M_FORBIDDEN",
    });
    const open = fake.createRoom({ creator: MARIE, public: true, alias: "accueil" });
    expect(await clientOf().joinRoom("#accueil:fake.test")).toBe(open);
    expect(fake.timeline(open).at(-1)).toMatchObject({
      type: "m.room.member",
      state_key: fake.botUserId,
      content: { membership: "join" },
    });
    await expect(clientOf().joinRoom("#inconnu:fake.test")).rejects.toMatchObject({ statusCode: 404 });
    const viaRooms = await api(`/_matrix/client/v3/rooms/${enc(closed)}/join`, {
      method: "POST",
      body: "{}",
    });
    expect(viaRooms.response.status).toBe(403);
  });

  it("leaves a room: the client sees room.leave and the room is no longer joined", async () => {
    const roomId = fake.createRoom({ creator: MARIE, members: [fake.botUserId] });
    const client = await started();
    const left = emitted(client, "room.leave");
    await client.leaveRoom(roomId, "fin du projet");
    const [inRoom, event] = await left;
    expect(inRoom).toBe(roomId);
    expect(event.content).toEqual({ membership: "leave", reason: "fin du projet" });
    expect(await client.getJoinedRooms()).toEqual([]);
  });

  it("lists members with their membership", async () => {
    const roomId = fake.createRoom({ members: [MARIE] });
    fake.invite(roomId, { from: MARIE, to: PAUL });
    const members = await clientOf().getRoomMembers(roomId);
    expect(members.map((m) => [m.membershipFor, m.effectiveMembership]).sort()).toEqual([
      [fake.botUserId, "join"],
      [MARIE, "join"],
      [PAUL, "invite"],
    ]);
    expect(await clientOf().getJoinedRoomMembersWithProfiles(roomId)).toEqual({
      [fake.botUserId]: { display_name: "ctg", avatar_url: null },
      [MARIE]: { display_name: "marie", avatar_url: null },
    });
  });
});

describe("state", () => {
  it("puts and reads state; 404 M_NOT_FOUND when absent; 403 when the power level is too low", async () => {
    const roomId = fake.createRoom({ members: [MARIE] });
    const client = clientOf();
    const eventId = await client.sendStateEvent(roomId, "m.room.topic", "", { topic: "Suivi CTG" });
    expect(await client.getRoomStateEvent(roomId, "m.room.topic", "")).toEqual({ topic: "Suivi CTG" });
    expect((await client.getRoomState(roomId)).find((e) => e.type === "m.room.topic")).toMatchObject({
      event_id: eventId,
      room_id: roomId,
      state_key: "",
    });
    const error = await client.getRoomStateEvent(roomId, "m.room.name", "").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MatrixError);
    expect(error).toMatchObject({ statusCode: 404, errcode: "M_NOT_FOUND" });
    await expect(
      clientOf(fake.tokenOf(MARIE)).sendStateEvent(roomId, "m.room.name", "", { name: "Renommé" }),
    ).rejects.toMatchObject({ statusCode: 403, errcode: "M_FORBIDDEN" });
    expect(await client.getEvent(roomId, eventId)).toMatchObject({ content: { topic: "Suivi CTG" } });
  });
});

describe("media", () => {
  it("uploads, then downloads through the authenticated endpoint (401 without a token)", async () => {
    const client = clientOf();
    const pdf = Buffer.from("%PDF-1.7 compte rendu");
    const mxc = await client.uploadContent(pdf, "application/pdf", "compte-rendu.pdf");
    expect(mxc).toMatch(/^mxc:\/\/fake\.test\/[A-Za-z]{24}$/);
    const downloaded = await client.downloadContent(mxc);
    expect(Buffer.compare(downloaded.data, pdf)).toBe(0);
    expect(downloaded.contentType).toBe("application/pdf");

    const path = `/_matrix/client/v1/media/download/${mxc.slice("mxc://".length)}`;
    const anonymous = await fetch(`${fake.url}${path}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errcode: "M_MISSING_TOKEN" });
    const named = await fetch(`${fake.url}${path}/procès-verbal.pdf`, {
      headers: { authorization: `Bearer ${fake.botToken}` },
    });
    expect(named.headers.get("content-length")).toBe(String(pdf.length));
    expect(named.headers.get("content-disposition")).toBe(
      "attachment; filename*=utf-8''proc%C3%A8s-verbal.pdf",
    );
  });

  it("serves test uploads inline when the type allows it; freezes the legacy endpoint for new media", async () => {
    const mxc = fake.uploadMedia({ bytes: "ordre du jour", fileName: "odj.txt", contentType: "text/plain" });
    const id = mxc.slice("mxc://".length);
    const authed = await fetch(`${fake.url}/_matrix/client/v1/media/download/${id}`, {
      headers: { authorization: `Bearer ${fake.tokenOf(MARIE)}` },
    });
    expect(authed.headers.get("content-disposition")).toBe('inline; filename="odj.txt"');
    expect(await authed.text()).toBe("ordre du jour");
    const legacy = await fetch(`${fake.url}/_matrix/media/v3/download/${id}`);
    expect(legacy.status).toBe(404);
    expect(await legacy.json()).toMatchObject({ errcode: "M_NOT_FOUND" });
    const old = fake.uploadMedia({ bytes: "ancien", fileName: "old.txt", beforeFreeze: true });
    expect((await fetch(`${fake.url}/_matrix/media/v3/download/${old.slice(6)}`)).status).toBe(200);
  });

  it("without authenticated media: v1 is 404 M_UNRECOGNIZED, the SDK does not fall back, our reader does", async () => {
    await fake.close();
    fake = await startFakeHomeserver({ authenticatedMedia: false });
    const mxc = fake.uploadMedia({
      bytes: "convention signée",
      fileName: "ctg.pdf",
      contentType: "application/pdf",
    });
    const v1 = await api(`/_matrix/client/v1/media/download/${mxc.slice(6)}`);
    expect(v1.response.status).toBe(404);
    expect(v1.body).toMatchObject({ errcode: "M_UNRECOGNIZED" });
    await expect(clientOf().downloadContent(mxc)).rejects.toMatchObject({ statusCode: 404 });

    const file = matrixIncomingFile(
      { msgtype: "m.file", body: "ctg.pdf", url: mxc },
      { homeserverUrl: fake.url, accessToken: fake.botToken },
    );
    if ("unavailable" in file) throw new Error(file.unavailable);
    const chunks: Buffer[] = [];
    for await (const chunk of file.open()) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe("convention signée");
    expect(
      fake.requests.map((r) => `${r.path.split("/").slice(0, 4).join("/")} ${r.status}`).slice(-2),
    ).toEqual(["/_matrix/client/v1 404", "/_matrix/media/v3 200"]);
  });

  it("refuses a frozen legacy endpoint on a server without authenticated media (contradictory settings)", async () => {
    await expect(startFakeHomeserver({ authenticatedMedia: false, legacyMedia: "frozen" })).rejects.toThrow(
      /cannot have frozen/,
    );
  });
});

describe("errors and faults", () => {
  it("rate limits: the SDK rejects with a MatrixError carrying retryAfterMs (it does not retry by itself)", async () => {
    const roomId = fake.createRoom({ members: [MARIE] });
    fake.rateLimit({ pathPattern: /\/send\//, times: 1, retryAfterMs: 1500 });
    const client = clientOf();
    const error = await client.sendText(roomId, "Bonjour").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MatrixError);
    expect(error).toMatchObject({ statusCode: 429, errcode: "M_LIMIT_EXCEEDED", retryAfterMs: 1500 });
    expect(fake.requests.filter((r) => r.path.includes("/send/"))).toHaveLength(1);
    expect(await client.sendText(roomId, "Bonjour")).toMatch(/^\$/);

    fake.rateLimit({ pathPattern: /\/joined_rooms$/, times: 1, retryAfterMs: 1500 });
    const raw = await api("/_matrix/client/v3/joined_rooms");
    expect(raw.response.status).toBe(429);
    expect(raw.response.headers.get("retry-after")).toBe("2");
    expect(raw.body).toEqual({
      errcode: "M_LIMIT_EXCEEDED",
      error: "Too Many Requests",
      retry_after_ms: 1500,
    });
  });

  it("fails the next matching requests with the injected error, then recovers", async () => {
    fake.failNext({
      pathPattern: /joined_rooms/,
      status: 502,
      errcode: "M_UNKNOWN",
      error: "Bad gateway",
      times: 2,
    });
    const client = clientOf();
    await expect(client.getJoinedRooms()).rejects.toMatchObject({ statusCode: 502, error: "Bad gateway" });
    await expect(client.getJoinedRooms()).rejects.toMatchObject({ statusCode: 502 });
    expect(await client.getJoinedRooms()).toEqual([]);
  });

  it("answers 404 M_UNRECOGNIZED for unknown endpoints and 405 M_UNRECOGNIZED for a wrong method", async () => {
    const unknown = await api("/_matrix/client/v3/rooms/!x:fake.test/hierarchy");
    expect(unknown.response.status).toBe(404);
    expect(unknown.body).toEqual({ errcode: "M_UNRECOGNIZED", error: "Unrecognized request" });
    await expect(clientOf().doRequest("DELETE", "/_matrix/client/v3/joined_rooms")).rejects.toMatchObject({
      statusCode: 405,
      errcode: "M_UNRECOGNIZED",
    });
  });
});
