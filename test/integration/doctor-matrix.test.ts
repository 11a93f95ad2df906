import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Check, runChecks } from "../../src/cli/doctor-command.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeHomeserver, startFakeHomeserver } from "../helpers/fake-matrix/index.ts";
import { freePort } from "../helpers/ports.ts";

describe("ctg-bot doctor: Matrix diagnoses", () => {
  let db: TestDatabase;
  let matrix: FakeHomeserver;
  let site: Server;
  let siteUrl: string;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    matrix = await startFakeHomeserver();
    // The domain's web site: a page for everything, and the .well-known that points to the client API.
    site = createServer((req, res) => {
      if (req.url === "/.well-known/matrix/client") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ "m.homeserver": { base_url: `${matrix.url}/` } }));
      }
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<!DOCTYPE html><title>Agglomération d'Agen</title>");
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    site?.close();
    await matrix?.close();
    await db?.drop();
  });

  const diagnose = async (overrides: Record<string, string> = {}) => {
    const checks = await runChecks(
      {
        DATA_DIR: db.dataDir,
        WORKSPACE_DIR: `${db.dataDir}/espace`,
        MATRIX_HOMESERVER_URL: matrix.url,
        MATRIX_ACCESS_TOKEN: matrix.botToken,
        ...overrides,
      },
      fetch,
    );
    return Object.fromEntries(checks.map((c) => [c.name, c])) as Record<string, Check>;
  };

  it("says how to get a new access token when whoami answers M_UNKNOWN_TOKEN", async () => {
    const found = await diagnose({ MATRIX_ACCESS_TOKEN: "syt_revoque" });
    expect(found.Matrix?.status).toBe("error");
    expect(found.Matrix?.detail).toContain(
      "Le jeton d'accès est refusé (M_UNKNOWN_TOKEN) : il a expiré ou a été révoqué.",
    );
    expect(found.Matrix?.detail).toContain("POST /_matrix/client/v3/login");
    expect(found.Matrix?.detail).toContain("MATRIX_ACCESS_TOKEN");
    expect(found["Matrix : salons"]?.status).toBe("skipped");
  });

  it("says so when the server limits the bot's requests", async () => {
    matrix.rateLimit({ pathPattern: /whoami/, times: 1, retryAfterMs: 2000 });
    const found = await diagnose();
    expect(found.Matrix?.detail).toContain("limite les requêtes du bot (429, M_LIMIT_EXCEEDED)");
  });

  it("points to the client API announced in .well-known when given the server name's site", async () => {
    const found = await diagnose({ MATRIX_HOMESERVER_URL: siteUrl });
    expect(found.Matrix?.status).toBe("error");
    expect(found.Matrix?.detail).toBe(
      `MATRIX_HOMESERVER_URL (${siteUrl}) est le nom du serveur, pas l'adresse de son API client : d'après ${siteUrl}/.well-known/matrix/client, mettez MATRIX_HOMESERVER_URL=${matrix.url}.`,
    );
  });

  it.each([
    [404, "répond 404 sans la liste des versions"],
    [200, "répond 200 sans la liste des versions"],
  ])(
    "says the URL is not a Matrix server when /versions answers %i with a web page",
    async (status, words) => {
      const web = createServer((_req, res) => {
        res.writeHead(status, { "content-type": "text/html" });
        res.end("<!DOCTYPE html><title>Intranet</title>");
      });
      await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
      try {
        const found = await diagnose({
          MATRIX_HOMESERVER_URL: `http://127.0.0.1:${(web.address() as AddressInfo).port}`,
        });
        expect(found.Matrix?.status).toBe("error");
        expect(found.Matrix?.detail).toMatch(
          /^MATRIX_HOMESERVER_URL ne semble pas être un serveur Matrix : /,
        );
        expect(found.Matrix?.detail).toContain(words);
        expect(found["Matrix : salons"]?.status).toBe("skipped");
      } finally {
        web.close();
      }
    },
  );

  it("names an unreachable homeserver", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const found = await diagnose({ MATRIX_HOMESERVER_URL: closed });
    expect(found.Matrix?.status).toBe("error");
    expect(found.Matrix?.detail).toContain(`${closed} injoignable : connexion refusée`);
    expect(found.Matrix?.detail).toContain("MATRIX_HOMESERVER_URL");
  });

  it("skips the room checks while no room is bound yet", async () => {
    const found = await diagnose();
    expect(found.Matrix).toMatchObject({ status: "ok", detail: `connecté en tant que ${matrix.botUserId}.` });
    expect(found["Matrix : salons"]?.status).toBe("skipped");
    expect(found["Matrix : salons"]?.detail).toContain("!ctg territoire SLUG");
  });
});
