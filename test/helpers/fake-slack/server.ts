/**
 * The fake Slack's server: node:http on 127.0.0.1 (port 0) routing the Web API
 * (`/api/<method>`), response URLs (`/response/<id>`), private file URLs (`/files-pri/…`) and
 * the sign-in page (`/`); everything recorded, and waited for without polling.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Waiters } from "../waiters.ts";
import { Faults } from "./faults.ts";
import { FileStore, type SlackDownload, serveFile, signInPage } from "./files.ts";
import { Holds } from "./holds.ts";
import { bearerToken, parseApiRequest, readBody, sendJson, sendText } from "./http.ts";
import { MessageStore } from "./message-store.ts";
import { parseResponseBody, ResponseUrls } from "./response-urls.ts";
import { DEFAULT_APP_TOKEN, SocketModeHub } from "./socket-mode.ts";
import type { FakeResponse, FakeSlack, FakeSlackCall, FakeSlackOptions } from "./types.ts";
import { answerCall } from "./web-api.ts";
import { Workspace } from "./workspace.ts";

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const now = options.now ?? Date.now;
  const workspace = new Workspace(options);
  const store = new MessageStore(now);
  const files = new FileStore();
  const faults = new Faults();
  const holds = new Holds();
  const responseUrls = new ResponseUrls();
  const calls: FakeSlackCall[] = [];
  const responses: FakeResponse[] = [];
  const downloads: SlackDownload[] = [];
  const callWaiters = new Waiters<FakeSlackCall>("fake Slack");
  const responseWaiters = new Waiters<FakeResponse>("fake Slack");
  const socketMode = new SocketModeHub(options.appToken ?? DEFAULT_APP_TOKEN, workspace.appId);
  let baseUrl = "";

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL, method: string) => {
    const body = await readBody(req);
    const request = await parseApiRequest(req, body, url);
    const token = bearerToken(req) ?? (request.ok ? request.bodyToken : null);
    const contentType = req.headers["content-type"] ?? null;
    const call: FakeSlackCall = {
      method,
      args: request.args,
      token,
      at: now(),
      contentType,
      status: null,
      response: null,
    };
    calls.push(call);
    await holds.pass(method, request.args);
    // The one method called with the app-level token (xapp-…): opening a Socket Mode connection.
    const answer =
      method === "apps.connections.open"
        ? { status: 200, body: socketMode.open(token), headers: {} }
        : answerCall(method, request, token, contentType, faults, { workspace, store, files });
    call.status = answer.status;
    if (typeof answer.body === "string") {
      sendText(res, answer.status, answer.body, answer.headers);
    } else {
      call.response = answer.body;
      sendJson(res, answer.status, answer.body, answer.headers);
    }
    callWaiters.notify(call);
  };

  const handleResponseUrl = async (req: IncomingMessage, res: ServerResponse, id: string) => {
    const body = parseResponseBody((await readBody(req)).toString("utf8"));
    const answer = responseUrls.use(id, body, now(), { store, workspace });
    const response: FakeResponse = { id, body: body ?? {}, at: now(), status: answer.status };
    responses.push(response);
    sendJson(res, answer.status, answer.body);
    responseWaiters.notify(response);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const segments = url.pathname.split("/").filter((segment) => segment !== "");
    const [area, ...rest] = segments;
    if (area === "api" && rest.length === 1 && rest[0] !== undefined) {
      if (req.method !== "POST" && req.method !== "GET")
        return void sendText(res, 405, "", { allow: "GET, POST" });
      return handleApi(req, res, url, rest[0]);
    }
    if (area === "response" && rest.length > 0 && req.method === "POST") {
      return handleResponseUrl(req, res, rest.map((segment) => decodeURIComponent(segment)).join("/"));
    }
    req.resume();
    if (area === "files-pri") {
      await holds.pass("download", { path: url.pathname });
      return serveFile(req, res, segments.map(decodeURIComponent), { files, workspace, baseUrl, downloads });
    }
    if (area === undefined && req.method === "GET") return sendText(res, 200, signInPage(workspace));
    sendText(res, 404, "<!DOCTYPE html><title>Slack</title><p>Page introuvable.</p>");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      req.resume();
      if (res.headersSent) return void res.destroy();
      sendJson(res, 500, { ok: false, error: "fatal_error", detail: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") {
    server.close();
    throw new Error("the fake Slack has no TCP port");
  }
  baseUrl = `http://127.0.0.1:${address.port}`;
  socketMode.attach(server, baseUrl);

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    botToken: workspace.botToken,
    teamId: workspace.teamId,
    botUserId: workspace.botUserId,
    botId: workspace.botId,
    appId: workspace.appId,
    appToken: socketMode.appToken,
    socketMode,
    calls,
    downloads,
    callsTo: (method) => calls.filter((call) => call.method === method),
    nextCall: (method) =>
      callWaiters.next(
        (call) => call.method === method,
        `call to ${method}`,
        () => calls.map((call) => call.method).join(", ") || "no call",
      ),
    messages: (channel) => store.inChannel(channel).map((message) => ({ ...message })),
    responses: (id) => responses.filter((response) => id === undefined || response.id === id),
    nextResponse: () =>
      responseWaiters.next(
        () => true,
        "POST to a response URL",
        () => `${responses.length} response(s)`,
      ),
    responseUrl: (context = {}) => `${baseUrl}/response/${responseUrls.create(context, now())}`,
    addFile: (opts) => files.add(opts, workspace, baseUrl, now()),
    rateLimit: (method, opts) =>
      faults.add(method, { kind: "ratelimited", retryAfterSeconds: opts.retryAfterSeconds }, opts.times),
    failNext: (method, error, times = 1) => faults.add(method, { kind: "error", error }, times),
    failHttp: (method, status, times = 1) => faults.add(method, { kind: "http", status }, times),
    hold: (method, opts = {}) => holds.add(method, opts.skip ?? 0),
    addChannel: (id, opts) => workspace.addChannel(id, opts),
    addUser: (id, profile) => workspace.addUser(id, profile),
    addMessage: (channel, message) => ({
      ...store.add({
        channel,
        text: message.text,
        blocks: message.blocks ?? null,
        threadTs: message.threadTs ?? null,
        metadata: null,
        userId: message.userId,
        botId: null,
        ephemeralFor: null,
        attachments: null,
        replyBroadcast: false,
        ...(message.files !== undefined ? { files: message.files } : {}),
      }),
    }),
    async close() {
      holds.releaseAll();
      await socketMode.close();
      callWaiters.close();
      responseWaiters.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
