import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { App, Receiver } from "@slack/bolt";
import { z } from "zod";

/** Slack's own limit: a request signed more than 5 minutes ago is a replay. */
const MAX_AGE_SECONDS = 5 * 60;
/** Slack's payloads are small; a larger body is not from Slack. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface AckFirstReceiverOptions {
  signingSecret: string;
  /** The path Slack posts to (commands, events, interactivity): `/slack/events`. */
  path?: string;
  /** Seconds since the epoch; the signature's timestamp is checked against it. */
  nowSeconds?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Bolt's HTTP receiver, acknowledging from memory (issue 19): a request is answered 200 as soon
 * as its signature and its age check out — no listener, no middleware, no database before the
 * answer — and Bolt processes it afterwards (with an `ack` that has nothing left to do). Slack's
 * 3-second limit is then met whatever the bot is busy with; a retry or a double delivery is
 * recognised later by the event ledger. URL verification is answered with its challenge.
 * Signature: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret (Slack,
 * « Verifying requests from Slack »), compared in constant time. Not for modals: a
 * `view_submission` answered with validation errors needs the listener's `ack` in the HTTP
 * answer — the bot has no modal yet; the day it has, that payload must wait for Bolt's `ack`.
 */
export class AckFirstReceiver implements Receiver {
  readonly #options: AckFirstReceiverOptions;
  #app: App | undefined;
  #server: Server | undefined;

  constructor(options: AckFirstReceiverOptions) {
    this.#options = options;
  }

  init(app: App): void {
    this.#app = app;
  }

  async start(options: { port?: number; host?: string } = {}): Promise<Server> {
    const server = createServer((req, res) => void this.#handle(req, res));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 3000, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    return server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "POST" || path !== (this.#options.path ?? "/slack/events")) {
      res.writeHead(404).end();
      return;
    }
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      res.writeHead(413).end();
      return;
    }
    if (!this.#signed(req, raw)) {
      res.writeHead(401).end();
      return;
    }
    const body = parseBody(raw, req.headers["content-type"] ?? "");
    if (body === null) {
      res.writeHead(400).end();
      return;
    }
    if (body.type === "url_verification" && typeof body.challenge === "string") {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ challenge: body.challenge }));
      return;
    }
    // The answer first: everything else happens after Slack has it — and after the requests
    // already waiting have had theirs (the processing waits for the next turn of the loop).
    res.writeHead(200).end();
    if (body.ssl_check !== undefined) return;
    await new Promise((resolve) => setImmediate(resolve));
    const retryNum = Number(req.headers["x-slack-retry-num"]);
    const retryReason = req.headers["x-slack-retry-reason"];
    try {
      await this.#app?.processEvent({
        body,
        ack: async () => {},
        ...(Number.isInteger(retryNum) ? { retryNum } : {}),
        ...(typeof retryReason === "string" ? { retryReason } : {}),
        customProperties: {},
      });
    } catch (error) {
      this.#options.onError?.(error);
    }
  }

  #signed(req: IncomingMessage, raw: string): boolean {
    const timestamp = req.headers["x-slack-request-timestamp"];
    const signature = req.headers["x-slack-signature"];
    if (typeof timestamp !== "string" || typeof signature !== "string" || !/^\d+$/.test(timestamp))
      return false;
    const now = this.#options.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
    if (Math.abs(now - Number(timestamp)) > MAX_AGE_SECONDS) return false;
    const expected = `v0=${createHmac("sha256", this.#options.signingSecret).update(`v0:${timestamp}:${raw}`).digest("hex")}`;
    const given = Buffer.from(signature);
    const wanted = Buffer.from(expected);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so that the client gets its 413.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () =>
      size > MAX_BODY_BYTES
        ? reject(new Error("body too large"))
        : resolve(Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
}

const objectSchema = z.record(z.string(), z.unknown());

function asObject(value: unknown): Record<string, unknown> | null {
  const parsed = objectSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function parseBody(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.startsWith("application/json")) return asObject(JSON.parse(raw));
    const form = new URLSearchParams(raw);
    const payload = form.get("payload");
    return payload !== null ? asObject(JSON.parse(payload)) : Object.fromEntries(form);
  } catch {
    return null;
  }
}
