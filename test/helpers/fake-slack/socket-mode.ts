/**
 * Socket Mode (api.slack.com/apis/socket-mode): `apps.connections.open` with the app-level token
 * (`xapp-…`) answers a one-time WebSocket URL; on connection Slack sends `hello`, then envelopes
 * (`events_api`, `slash_commands`, `interactive`) that the app acknowledges by sending back
 * `{ envelope_id, payload? }`.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

export const DEFAULT_APP_TOKEN = "xapp-1-A0FAKEAPP-1-fakeapptoken";

export type EnvelopeType = "events_api" | "slash_commands" | "interactive";

export class SocketModeHub {
  readonly appToken: string;
  readonly #appId: string;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #tickets = new Set<string>();
  readonly #sockets = new Set<WebSocket>();
  readonly #acks = new Map<string, (ack: Record<string, unknown>) => void>();
  readonly #onConnected: (() => void)[] = [];
  #baseUrl = "";

  constructor(appToken: string, appId: string) {
    this.appToken = appToken;
    this.#appId = appId;
  }

  attach(server: Server, baseUrl: string): void {
    this.#baseUrl = baseUrl;
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? "/", "http://fake.invalid");
      const ticket = url.searchParams.get("ticket") ?? "";
      if (url.pathname !== "/socket-mode" || !this.#tickets.delete(ticket)) {
        socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#connected(ws));
    });
  }

  /** `apps.connections.open`: a one-time URL for the app token, `invalid_auth` for any other. */
  open(token: string | null): Record<string, unknown> {
    if (token === null || token === "") return { ok: false, error: "not_authed" };
    if (token !== this.appToken) return { ok: false, error: "invalid_auth" };
    const ticket = randomBytes(12).toString("hex");
    this.#tickets.add(ticket);
    return { ok: true, url: `${this.#baseUrl.replace(/^http/, "ws")}/socket-mode?ticket=${ticket}` };
  }

  /** Resolves once an app is connected (at once if one is). */
  connected(): Promise<void> {
    if (this.#sockets.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.#onConnected.push(resolve));
  }

  /** Sends an envelope to the connected app; resolves with its acknowledgement. */
  send(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    retryAttempt = 0,
  ): Promise<Record<string, unknown>> {
    const [socket] = this.#sockets;
    if (socket === undefined) return Promise.reject(new Error("no Socket Mode connection"));
    const envelopeId = randomBytes(16).toString("hex");
    const acked = new Promise<Record<string, unknown>>((resolve) => this.#acks.set(envelopeId, resolve));
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        payload,
        type,
        accepts_response_payload: type !== "events_api",
        ...(type === "events_api"
          ? { retry_attempt: retryAttempt, retry_reason: retryAttempt > 0 ? "timeout" : "" }
          : {}),
      }),
    );
    return acked;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #connected(ws: WebSocket): void {
    this.#sockets.add(ws);
    ws.on("close", () => this.#sockets.delete(ws));
    ws.on("message", (data) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        return;
      }
      const id = message.envelope_id;
      if (typeof id !== "string") return;
      this.#acks.get(id)?.(message);
      this.#acks.delete(id);
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.#sockets.size,
        debug_info: { host: "applink-fake", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.#appId },
      }),
    );
    for (const resolve of this.#onConnected.splice(0)) resolve();
  }
}
