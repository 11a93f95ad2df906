import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { createSlackAdapter } from "../../src/app-slack.ts";
import type { SlackAdapter } from "../../src/chat/slack/slack-adapter.ts";
import { loadConfig } from "../../src/config/config.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack/index.ts";
import { appMentionEvent, eventCallback } from "../helpers/slack-requests.ts";

const CHANNEL = "C0SOCKET";

/** Socket Mode: the same bot, reached over a WebSocket opened with the app-level token. */
describe("Slack in Socket Mode (no public URL)", () => {
  let db: TestDatabase;
  let dir: string;
  let fake: FakeSlack;
  let app: App;
  let adapter: SlackAdapter;

  beforeAll(async () => {
    db = await createPgliteDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-slack-socket-"));
    fake = await startFakeSlack();
    const config = loadConfig({
      DATA_DIR: db.dataDir,
      WORKSPACE_DIR: path.join(dir, "espace"),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: "socket-mode-needs-none-but-it-is-required",
      SLACK_APP_TOKEN: fake.appToken,
      SLACK_API_URL: fake.apiUrl,
    });
    app = await createApp(config, { clock: () => new Date("2024-03-13T09:00:00Z") });
    await app.repo.bindChannel("slack", CHANNEL, "agen");
    const created = createSlackAdapter(config, app, {
      clock: () => new Date("2024-03-13T09:00:00Z"),
      onInternalError: () => {},
    });
    if (created === null) throw new Error("Slack not configured");
    adapter = created;
    expect(await adapter.start()).toEqual({ port: null });
    await fake.socketMode.connected();
  });

  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
    await app?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("opens its connection with the app token, acknowledges a /ctg envelope and answers through response_url", async () => {
    const open = fake.callsTo("apps.connections.open").at(-1);
    expect(open?.token).toBe(fake.appToken);
    const responseUrl = fake.responseUrl({ channel: CHANNEL, userId: "U0SOCKET" });
    const answered = fake.nextResponse();
    const ack = await fake.socketMode.send("slash_commands", {
      token: "verification",
      team_id: fake.teamId,
      channel_id: CHANNEL,
      user_id: "U0SOCKET",
      command: "/ctg",
      text: "sigle LAEP",
      response_url: responseUrl,
      trigger_id: "1.2.3",
      api_app_id: fake.appId,
    });
    expect(typeof ack.envelope_id).toBe("string");
    const response = await answered;
    expect(response.body.response_type).toBe("ephemeral");
    expect(String(response.body.text)).toMatch(/lieu d'accueil enfants/i);
  });

  it("acknowledges an event envelope and answers the mention in its thread", async () => {
    const posted = fake.nextCall("chat.postMessage");
    const ts = "1710320000.000200";
    await fake.socketMode.send(
      "events_api",
      eventCallback(
        appMentionEvent({
          text: `<@${fake.botUserId}> aide`,
          userId: "U0SOCKET",
          channelId: CHANNEL,
          ts,
          botUserId: fake.botUserId,
        }),
        { eventId: "Ev0SOCKET1", teamId: fake.teamId, apiAppId: fake.appId },
      ),
    );
    const call = await posted;
    expect(call.args.thread_ts).toBe(ts);
    expect(String(call.args.text)).toContain("/ctg");
  });
});
