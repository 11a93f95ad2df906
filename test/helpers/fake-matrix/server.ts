/**
 * The fake homeserver's server: node:http on 127.0.0.1 (port 0); each request recorded, then
 * put through the injected faults, routed, authenticated by its handler and answered; every change
 * wakes the held /sync requests and the test's waiters.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Waiters } from "../waiters.ts";
import { accountRoutes } from "./account-endpoints.ts";
import { MatrixHttpError } from "./errors.ts";
import { Faults } from "./faults.ts";
import { accessToken, decodedPath, Exchange, jsonObject, readBody, recordedBody } from "./http.ts";
import { LongPolls } from "./long-polls.ts";
import { mediaRoutes } from "./media-endpoints.ts";
import { MediaStore } from "./media-store.ts";
import type { StoredEvent } from "./room.ts";
import { roomRoutes } from "./room-endpoints.ts";
import { type Ctx, match } from "./routes.ts";
import { HomeserverStore } from "./store.ts";
import { syncRoutes } from "./sync-endpoint.ts";
import { testControls } from "./test-controls.ts";
import type { FakeHomeserver, FakeHomeserverOptions, RecordedRequest } from "./types.ts";
import { publicEvent } from "./wire.ts";

const SYNC_PATH = "/_matrix/client/v3/sync";

export async function startFakeHomeserver(options: FakeHomeserverOptions = {}): Promise<FakeHomeserver> {
  const serverName = options.serverName ?? "fake.test";
  const now = options.now ?? Date.now;
  const authenticatedMedia = options.authenticatedMedia ?? true;
  const legacyMedia = options.legacyMedia ?? (authenticatedMedia ? "frozen" : "allowed");
  if (!authenticatedMedia && legacyMedia === "frozen") {
    throw new Error("fake Matrix: a server without authenticated media cannot have frozen the legacy media");
  }
  const store = new HomeserverStore(serverName, now);
  const media = new MediaStore(serverName);
  const longPolls = new LongPolls();
  const faults = new Faults();
  const sent = new Waiters<StoredEvent>("fake Matrix");
  const holds = new Waiters<{ userId: string; record: RecordedRequest }>("fake Matrix");
  const requests: RecordedRequest[] = [];
  const routes = [
    ...accountRoutes(authenticatedMedia),
    ...syncRoutes(),
    ...roomRoutes(),
    ...mediaRoutes({ legacyMedia, authenticatedMedia }),
  ];
  const botUserId = `@${options.botLocalpart ?? "ctg"}:${serverName}`;
  const botToken = store.users.tokenOf(botUserId);

  longPolls.onHold((userId, exchange) => holds.notify({ userId, record: exchange.record }));
  store.onChange((events) => {
    longPolls.wake();
    for (const event of events) if (event.origin === "api") sent.notify(event);
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const body = await readBody(req);
    const token = accessToken(req, url);
    const path = decodedPath(url.pathname);
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path,
      query: Object.fromEntries(url.searchParams),
      body: recordedBody(body),
      token,
      status: 0,
      at: now(),
    };
    requests.push(record);
    const exchange = new Exchange(req, res, record);
    try {
      const fault = faults.take(path);
      if (fault !== null) throw fault;
      const found = match(routes, record.method, url.pathname);
      if ("error" in found) throw found.error;
      if ("options" in found) return exchange.json(200, {});
      const ctx: Ctx = {
        store,
        media,
        longPolls,
        exchange,
        url,
        body,
        token,
        caller: () => store.users.authenticate(token),
        json: () => jsonObject(body),
      };
      await found.route.handle(ctx, found.params);
    } catch (error) {
      if (exchange.answered) return void res.destroy();
      exchange.error(
        error instanceof MatrixHttpError ? error : new MatrixHttpError(500, "M_UNKNOWN", String(error)),
      );
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") {
    server.close();
    throw new Error("fake Matrix: the server has no TCP port");
  }

  let closed = false;
  const sentEvents = (userId: string, roomId?: string) =>
    [...store.rooms.values()]
      .filter((room) => roomId === undefined || room.id === roomId)
      .flatMap((room) => room.events)
      .filter((event) => event.sender === userId && (event.origin === "api" || event.origin === "test"))
      .sort((a, b) => a.pos - b.pos);

  return {
    url: `http://127.0.0.1:${address.port}`,
    serverName,
    botUserId,
    botToken,
    tokenOf: (userId) => store.users.tokenOf(userId),
    requests,
    ...testControls(store, media, botUserId),
    timeline(roomId) {
      const room = store.room(roomId);
      if (room === undefined) throw new Error(`fake Matrix: no room ${roomId}`);
      return room.events.map(publicEvent);
    },
    sentBy: (userId, roomId) => sentEvents(userId, roomId).map(publicEvent),
    async nextSent({ by = botUserId, roomId, timeoutMs } = {}) {
      const event = await sent.next(
        (e) => e.sender === by && (roomId === undefined || e.room_id === roomId),
        `event sent by ${by}${roomId === undefined ? "" : ` in ${roomId}`}`,
        () => `${sentEvents(by, roomId).length} event(s) from ${by}, ${requests.length} request(s)`,
        timeoutMs,
      );
      return publicEvent(event);
    },
    async heldSync({ userId = botUserId, timeoutMs } = {}) {
      const held = longPolls.heldFor(userId);
      if (held !== undefined) return held.record;
      const next = await holds.next(
        (hold) => hold.userId === userId,
        `/sync of ${userId} held (long-poll)`,
        () => `${requests.filter((r) => r.path === SYNC_PATH).length} /sync request(s)`,
        timeoutMs,
      );
      return next.record;
    },
    rateLimit: (o) => faults.rateLimit(o),
    failNext: (o) => faults.failNext(o),
    syncRequests: () => requests.filter((request) => request.path === SYNC_PATH),
    async close() {
      if (closed) return;
      closed = true;
      await longPolls.endAll();
      sent.close();
      holds.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
    },
  };
}
