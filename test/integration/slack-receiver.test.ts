import type { Server } from "node:http";
import { App } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AckFirstReceiver } from "../../src/chat/slack/slack-receiver.ts";
import { slackSignature } from "../helpers/slack-requests.ts";

/**
 * The receiver on loopback with a real Bolt app behind it: what it answers before Bolt sees
 * anything, and what reaches Bolt (the listeners run after the answer).
 */
describe("the Slack receiver that acknowledges first", () => {
  const secret = "receiver-test-secret";
  const NOW = 1_765_000_000;
  let server: Server;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => {
    const receiver = new AckFirstReceiver({ signingSecret: secret, nowSeconds: () => NOW });
    // Bolt asks who the bot is for each request: answered here, with no call to Slack.
    const app = new App({
      receiver,
      authorize: async () => ({ botToken: "xoxb-test", botId: "B0BOT", botUserId: "U0BOT" }),
    });
    app.command("/ctg", async ({ command, ack }) => {
      await ack();
      seen.push(`command ${command.text}`);
    });
    app.event("app_mention", async ({ event }) => {
      seen.push(`mention ${event.text}`);
    });
    server = await receiver.start({ port: 0, host: "127.0.0.1" });
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/slack/events`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (
    body: string,
    type: string,
    headers: Record<string, string> = slackSignature(body, secret, NOW),
  ) => fetch(url, { method: "POST", body, headers: { "content-type": type, ...headers } });
  /** A turn of the event loop (Bolt runs the listener after the answer, on the next turns). */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it("answers a signed slash command 200 with an empty body, then Bolt runs the listener", async () => {
    const body = new URLSearchParams({
      command: "/ctg",
      text: "aide",
      team_id: "T1",
      user_id: "U1",
      channel_id: "C1",
    }).toString();
    const answer = await post(body, "application/x-www-form-urlencoded");
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("");
    for (let i = 0; i < 50 && !seen.includes("command aide"); i++) await settle();
    expect(seen).toContain("command aide");
  });

  it("refuses an unsigned, a stale or a tampered request, a wrong path, a body over 1 MB, and JSON it cannot read", async () => {
    const body = JSON.stringify({ type: "event_callback", event: { type: "app_mention", text: "bonjour" } });
    const stale = slackSignature(body, secret, NOW - 6 * 60);
    const tampered = slackSignature(`${body} `, secret, NOW);
    expect((await post(body, "application/json", {})).status).toBe(401);
    expect((await post(body, "application/json", stale)).status).toBe(401);
    expect((await post(body, "application/json", tampered)).status).toBe(401);
    expect((await fetch(url.replace("/slack/events", "/autre"), { method: "POST", body })).status).toBe(404);
    expect((await fetch(url)).status).toBe(404);
    const huge = "x".repeat(1024 * 1024 + 1);
    expect((await post(huge, "application/json")).status).toBe(413);
    expect((await post("{ pas du json", "application/json")).status).toBe(400);
    await settle();
    expect(seen.some((s) => s.startsWith("mention"))).toBe(false);
  });

  it("answers a URL verification with its challenge", async () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "abc123" });
    const answer = await post(body, "application/json");
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ challenge: "abc123" });
  });
});
