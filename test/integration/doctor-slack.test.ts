import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Check, runChecks } from "../../src/cli/doctor-command.ts";
import { openDatabase } from "../../src/store/database.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack/index.ts";

type Answer = { body: Record<string, unknown>; headers?: Record<string, string> };
type Method = (args: URLSearchParams) => Answer;

/**
 * A Slack Web API on loopback for what the fake does not model: a token with fewer scopes
 * (`x-oauth-scopes`), a channel the bot is not in, a token without channels:read.
 */
async function miniSlack(methods: Record<string, Method>): Promise<{ apiUrl: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      const method = req.url?.replace(/^\/api\//, "") ?? "";
      const answer = methods[method]?.(new URLSearchParams(body)) ?? {
        body: { ok: false, error: "unknown_method" },
      };
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}

const ALL_SCOPES =
  "commands,chat:write,app_mentions:read,channels:history,groups:history,im:history,files:read";
const authTest =
  (scopes = ALL_SCOPES): Method =>
  () => ({
    body: { ok: true, team: "CTG Agen", user: "ctg", user_id: "U0BOT", bot_id: "B0BOT" },
    headers: { "x-oauth-scopes": scopes },
  });

describe("ctg-bot doctor: Slack diagnoses", () => {
  let db: TestDatabase;
  let slack: FakeSlack;
  const servers: Server[] = [];
  beforeAll(async () => {
    db = await createPgliteDatabase();
    slack = await startFakeSlack({ strictChannels: true });
    const opened = await openDatabase({ url: undefined, dataDir: db.dataDir });
    try {
      const agen = await opened.prisma.territory.create({ data: { slug: "agen", name: "Agen" } });
      const boe = await opened.prisma.territory.create({ data: { slug: "boe", name: "Boé" } });
      await opened.prisma.channelBinding.createMany({
        data: [
          { platform: "slack", channelId: "C0AGEN", territoryId: agen.id },
          { platform: "slack", channelId: "G0PRIVE", territoryId: boe.id },
        ],
      });
      await opened.prisma.subscription.createMany({
        data: [
          { platform: "slack", channelId: "C0RAPPELS", territoryId: agen.id, kinds: ["milestone"] },
          { platform: "slack", channelId: "D0PILOTE", territoryId: agen.id, kinds: ["milestone"] },
        ],
      });
    } finally {
      await opened.close();
    }
    for (const [id, name] of [
      ["C0AGEN", "ctg-agen"],
      ["G0PRIVE", "ctg-boe"],
      ["C0RAPPELS", "ctg-rappels"],
    ] as const)
      slack.addChannel(id, { name });
  });
  afterEach(() => {
    slack.calls.length = 0;
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await slack?.close();
    await db?.drop();
  });

  const diagnose = async (overrides: Record<string, string> = {}) => {
    const checks = await runChecks(
      {
        DATA_DIR: db.dataDir,
        WORKSPACE_DIR: `${db.dataDir}/espace`,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: slack.apiUrl,
        ...overrides,
      },
      fetch,
    );
    return Object.fromEntries(checks.map((c) => [c.name, c])) as Record<string, Check>;
  };
  const mini = async (methods: Record<string, Method>) => {
    const { apiUrl, server } = await miniSlack(methods);
    servers.push(server);
    return apiUrl;
  };

  it("checks the bound and subscribed channels, not direct messages, in the fake Slack", async () => {
    const found = await diagnose();
    expect(found.Slack).toMatchObject({
      status: "ok",
      detail: "jeton valide : bot @ctg-bot dans l'espace Équipe CTG (fake).",
    });
    expect(found["Slack : droits"]?.status).toBe("ok");
    expect(found["Slack : canaux"]).toMatchObject({
      status: "ok",
      detail: "le bot est dans les 3 canal(aux) lié(s) à un territoire.",
    });
    expect(slack.callsTo("conversations.info").map((c) => c.args.channel)).toEqual([
      "C0AGEN",
      "G0PRIVE",
      "C0RAPPELS",
    ]);
    expect(found["Slack : Socket Mode"]?.status).toBe("skipped");
    expect(found["Slack : Socket Mode"]?.detail).toContain("mode HTTP");
  });

  it.each([
    [
      "invalid_auth",
      "Slack ne reconnaît pas SLACK_BOT_TOKEN (invalid_auth) : copiez le « Bot User OAuth Token » (xoxb-…)",
    ],
    ["token_revoked", "Le jeton du bot a été révoqué (token_revoked)"],
    ["account_inactive", "Le compte du bot est désactivé (account_inactive)"],
    ["token_expired", "Le jeton a expiré (token_expired) : la rotation des jetons est activée"],
    ["not_authed", "Slack n'a reçu aucun jeton (not_authed)"],
  ])("explains auth.test's %s in French", async (error, message) => {
    slack.failNext("auth.test", error);
    const found = await diagnose();
    expect(found.Slack?.status).toBe("error");
    expect(found.Slack?.detail).toContain(message);
    expect(found["Slack : droits"]?.status).toBe("skipped");
    expect(found["Slack : canaux"]?.status).toBe("skipped");
    expect(slack.callsTo("conversations.info")).toEqual([]);
  });

  it("explains a wrong token, a rate limit and an HTTP error from the API", async () => {
    expect((await diagnose({ SLACK_BOT_TOKEN: "xoxb-autre-espace" })).Slack?.detail).toContain(
      "(invalid_auth)",
    );
    slack.rateLimit("auth.test", { times: 1, retryAfterSeconds: 30 });
    expect((await diagnose()).Slack?.detail).toContain("Slack limite les appels de l'application (429)");
    slack.failHttp("auth.test", 503);
    const outage = (await diagnose()).Slack;
    expect(outage?.status).toBe("error");
    expect(outage?.detail).toContain("Slack répond HTTP 503 sans réponse d'API");
  });

  it("lists the scopes the installed app lacks compared with the manifest", async () => {
    const apiUrl = await mini({
      "auth.test": authTest("commands,chat:write,app_mentions:read,channels:history"),
      "conversations.info": (args) => ({
        body: { ok: true, channel: { id: args.get("channel"), is_member: true } },
      }),
    });
    const found = await diagnose({ SLACK_API_URL: apiUrl });
    expect(found.Slack?.status).toBe("ok");
    expect(found["Slack : droits"]?.status).toBe("error");
    expect(found["Slack : droits"]?.detail).toMatch(
      /^Il manque à l'application Slack les droits groups:history, im:history, files:read, reactions:read, reactions:write : ajoutez-les .*Reinstall to Workspace/,
    );
  });

  it("names the bound channel the bot is not in (with the /invite to type), a missing and an archived one", async () => {
    const apiUrl = await mini({
      "auth.test": authTest(),
      "conversations.info": (args) => {
        const id = args.get("channel");
        if (id === "G0PRIVE") return { body: { ok: false, error: "channel_not_found" } };
        return {
          body: {
            ok: true,
            channel: {
              id,
              name: id === "C0AGEN" ? "ctg-agen" : "ctg-rappels",
              is_member: id !== "C0AGEN",
              is_archived: id === "C0RAPPELS",
            },
          },
        };
      },
    });
    const found = await diagnose({ SLACK_API_URL: apiUrl });
    expect(found["Slack : canaux"]?.status).toBe("error");
    expect(found["Slack : canaux"]?.detail).toBe(
      "le bot n'est pas dans #ctg-agen (territoire agen) : invitez le bot : /invite @ctg dans #ctg-agen ; " +
        "G0PRIVE (territoire boe) est introuvable : canal supprimé, ou privé sans le bot ; invitez le bot : /invite @ctg dans le canal ; " +
        "#ctg-rappels (territoire agen) est archivé : désarchivez-le, ou liez le territoire à un autre canal.",
    );
  });

  it("falls back on conversations.history when the token lacks channels:read (the manifest's scopes)", async () => {
    const apiUrl = await mini({
      "auth.test": authTest(),
      "conversations.info": () => ({ body: { ok: false, error: "missing_scope", needed: "channels:read" } }),
      "conversations.history": (args) =>
        args.get("channel") === "C0RAPPELS"
          ? { body: { ok: false, error: "not_in_channel" } }
          : { body: { ok: true, messages: [], has_more: false } },
    });
    const found = await diagnose({ SLACK_API_URL: apiUrl });
    expect(found["Slack : canaux"]).toMatchObject({
      status: "error",
      detail:
        "le bot n'est pas dans C0RAPPELS (territoire agen) : invitez le bot : /invite @ctg dans C0RAPPELS.",
    });
  });

  it("checks the app-level token of Socket Mode with apps.connections.open", async () => {
    const good = await diagnose({ SLACK_APP_TOKEN: slack.appToken });
    expect(good["Slack : Socket Mode"]).toMatchObject({ status: "ok" });
    expect(slack.callsTo("apps.connections.open").map((c) => c.token)).toEqual([slack.appToken]);
    const wrong = await diagnose({ SLACK_APP_TOKEN: "xapp-1-A0FAKEAPP-1-perime" });
    expect(wrong["Slack : Socket Mode"]?.status).toBe("error");
    expect(wrong["Slack : Socket Mode"]?.detail).toContain("Slack refuse SLACK_APP_TOKEN (invalid_auth)");
    expect(wrong["Slack : Socket Mode"]?.detail).toContain("App-Level Tokens");
    const botToken = await diagnose({ SLACK_APP_TOKEN: slack.botToken });
    expect(botToken["Slack : Socket Mode"]?.detail).toContain(
      "SLACK_APP_TOKEN n'est pas un jeton d'application (xapp-…)",
    );
    const calls = slack.callsTo("apps.connections.open").length;
    expect(calls).toBe(2);
  });
});
