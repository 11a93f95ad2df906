import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChecks } from "../../src/cli/doctor-command.ts";
import { createPgliteDatabase, createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";

/** One loopback server answering the three endpoints doctor probes, as the real services do. */
function fakeServices(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? "";
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url?.startsWith("/ocs/v2.php/cloud/user")) {
      const expected = `Basic ${Buffer.from("ctg-bot:bon-mot-de-passe").toString("base64")}`;
      if (auth !== expected) return json(401, { ocs: { meta: { status: "failure", statuscode: 997 } } });
      return json(200, { ocs: { meta: { status: "ok", statuscode: 200 }, data: { id: "ctg-bot" } } });
    }
    if (req.url === "/_matrix/client/v3/account/whoami") {
      if (auth !== "Bearer syt_valide")
        return json(401, { errcode: "M_UNKNOWN_TOKEN", error: "Invalid token" });
      return json(200, { user_id: "@ctg-bot:example.org" });
    }
    if (req.url === "/api/auth.test" && req.method === "POST") {
      if (auth !== "Bearer xoxb-valide") return json(200, { ok: false, error: "invalid_auth" });
      return json(200, { ok: true, team: "CTG Agen", user_id: "U1" });
    }
    json(404, {});
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe("ctg-bot doctor", () => {
  let db: TestDatabase;
  let services: { server: Server; base: string };
  beforeAll(async () => {
    db = await createPgliteDatabase();
    services = await fakeServices();
  });
  afterAll(async () => {
    services?.server.close();
    await db?.drop();
  });

  const env = (overrides: Record<string, string>) => ({
    DATA_DIR: db.dataDir,
    WORKSPACE_DIR: `${db.dataDir}/espace`,
    ...overrides,
  });

  it("reports every connection as reachable with good credentials", async () => {
    const checks = await runChecks(
      env({
        NEXTCLOUD_URL: services.base,
        NEXTCLOUD_USER: "ctg-bot",
        NEXTCLOUD_APP_PASSWORD: "bon-mot-de-passe",
        SLACK_BOT_TOKEN: "xoxb-valide",
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: `${services.base}/api/`,
        MATRIX_HOMESERVER_URL: services.base,
        MATRIX_ACCESS_TOKEN: "syt_valide",
      }),
      fetch,
    );
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ["configuration", "ok"],
      ["base de données", "ok"],
      ["dossier local", "skipped"],
      ["Nextcloud", "ok"],
      ["Slack", "ok"],
      ["Matrix", "ok"],
    ]);
    expect(checks.find((c) => c.name === "Matrix")?.detail).toContain("@ctg-bot:example.org");
  });

  it("warns when the PostgreSQL server runs without autovacuum (the reminders' queue would slow down)", async () => {
    const postgres = await createPostgresDatabase();
    try {
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      const { rows } = await client.query<{ autovacuum: string }>("SHOW autovacuum");
      await client.end();
      const checks = await runChecks(env({ DATABASE_URL: postgres.url ?? "" }), fetch);
      const database = checks.find((c) => c.name === "base de données");
      expect(database?.status).toBe("ok");
      if (rows[0]?.autovacuum === "on") expect(database?.detail).not.toContain("autovacuum");
      else expect(database?.detail).toContain("autovacuum est désactivé");
    } finally {
      await postgres.drop();
    }
  });

  it("explains a wrong app password, a refused token and an unreachable server in French", async () => {
    const checks = await runChecks(
      env({
        NEXTCLOUD_URL: services.base,
        NEXTCLOUD_USER: "ctg-bot",
        NEXTCLOUD_APP_PASSWORD: "mot-de-passe-du-compte",
        SLACK_BOT_TOKEN: "xoxb-perime",
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: `${services.base}/api/`,
        MATRIX_HOMESERVER_URL: "http://127.0.0.1:1",
        MATRIX_ACCESS_TOKEN: "syt_valide",
      }),
      fetch,
    );
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName.Nextcloud).toMatchObject({
      status: "error",
      detail: "identifiant ou mot de passe d'application refusé (401).",
    });
    expect(byName.Slack).toMatchObject({ status: "error", detail: "jeton refusé par Slack (invalid_auth)." });
    expect(byName.Matrix?.status).toBe("error");
    expect(byName.Matrix?.detail).toContain("http://127.0.0.1:1 injoignable");
  });

  it("lists configuration problems by variable instead of checking connections", async () => {
    const checks = await runChecks(env({ NEXTCLOUD_URL: "ftp://cloud", NEXTCLOUD_USER: "ctg-bot" }), fetch);
    expect(checks).toEqual([
      {
        name: "configuration",
        status: "error",
        detail: "NEXTCLOUD_URL : NEXTCLOUD_URL doit être une adresse http(s)://",
      },
      {
        name: "configuration",
        status: "error",
        detail:
          "NEXTCLOUD_APP_PASSWORD : NEXTCLOUD_APP_PASSWORD est requis quand NEXTCLOUD_URL est renseigné",
      },
    ]);
  });
});
