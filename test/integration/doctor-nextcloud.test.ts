import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Check, runChecks } from "../../src/cli/doctor-command.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeNextcloud, startFakeNextcloud } from "../helpers/fake-nextcloud/index.ts";
import { freePort } from "../helpers/ports.ts";

/** A self-signed certificate for 127.0.0.1 (valid until 2126), as an internal server might have. */
const SELF_SIGNED = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgs4lWix9sFoR3VUfz
kZwfiVDi7NIU1pc8FpDS/Lg1tQqhRANCAAS50774FSj3y5gbsImiWFda7HLg3vFJ
M0MwST3ESzWnXkGAKaDEgyXJZbgQPrMZLkFcsxVAIrRcAO59WD9LHrJT
-----END PRIVATE KEY-----`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBgDCCASWgAwIBAgIUSSTZ89rg17fsc0KXy+9faiTJ60YwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMjIzNTMwNVoYDzIxMjYxMDI5
MjM1MzA1WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAS50774FSj3y5gbsImiWFda7HLg3vFJM0MwST3ESzWnXkGAKaDEgyXJ
ZbgQPrMZLkFcsxVAIrRcAO59WD9LHrJTo1MwUTAdBgNVHQ4EFgQU2R6sBIycvxMW
YlqQrhJ1x2EduQEwHwYDVR0jBBgwFoAU2R6sBIycvxMWYlqQrhJ1x2EduQEwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAqpejRIDWRN8oHxR5OQA5
EYwqFm0AnoQHzuQEUufkpbUCIQCRDJwnVa7f6TN4rsNH5yxoDUqUZGqAHgjqti+S
q02UtA==
-----END CERTIFICATE-----`,
};

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server, scheme = "http"): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface MiniNextcloud {
  /** The account id OCS answers; the login is whatever was sent. */
  id?: string;
  ocs?: { status: number; headers?: Record<string, string>; body?: string };
  propfind?: { status: number; permissions?: string; quota?: string };
}

/** Answers OCS cloud/user and a PROPFIND of the user's root the way Nextcloud does, or as told. */
function miniNextcloud(o: MiniNextcloud): Handler {
  return (req, res) => {
    req.resume();
    const login = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64")
      .toString("utf8")
      .split(":")[0];
    if (req.url?.startsWith("/ocs/v2.php/cloud/user")) {
      const ocs = o.ocs ?? { status: 200 };
      res.writeHead(ocs.status, { "content-type": "application/json; charset=utf-8", ...ocs.headers });
      return res.end(
        ocs.body ??
          JSON.stringify({ ocs: { meta: { status: "ok", statuscode: 200 }, data: { id: o.id ?? login } } }),
      );
    }
    if (req.method === "PROPFIND" && req.url?.startsWith("/remote.php/dav/files/")) {
      const found = o.propfind ?? { status: 207 };
      if (found.status !== 207) {
        res.writeHead(found.status, { "content-type": "application/xml; charset=utf-8" });
        return res.end(
          '<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns"><s:exception>Sabre\\DAV\\Exception\\NotFound</s:exception><s:message/></d:error>',
        );
      }
      const props =
        "<d:resourcetype><d:collection/></d:resourcetype>" +
        `<oc:permissions>${found.permissions ?? "RGDNVCK"}</oc:permissions>` +
        (found.quota === undefined
          ? ""
          : `<d:quota-available-bytes>${found.quota}</d:quota-available-bytes>`) +
        "<d:quota-used-bytes>1048576</d:quota-used-bytes>";
      res.writeHead(207, { "content-type": "application/xml; charset=utf-8" });
      return res.end(
        '<?xml version="1.0"?>\n<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">' +
          `<d:response><d:href>${req.url}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`,
      );
    }
    res.writeHead(404, { "content-type": "text/html" });
    res.end("<!DOCTYPE html><html><body>Page introuvable</body></html>");
  };
}

describe("ctg-bot doctor: Nextcloud diagnoses", () => {
  let db: TestDatabase;
  let nextcloud: FakeNextcloud;
  const servers: { close: () => Promise<void> }[] = [];
  beforeAll(async () => {
    db = await createPgliteDatabase();
    nextcloud = await startFakeNextcloud();
  });
  afterAll(async () => {
    await Promise.all([nextcloud?.close(), ...servers.map((s) => s.close())]);
    await db?.drop();
  });

  const serve = async (handler: Handler) => {
    const server = await listen(createHttpServer(handler));
    servers.push(server);
    return server.url;
  };

  /** The two Nextcloud checks for this configuration. */
  const diagnose = async (url: string, overrides: Record<string, string> = {}) => {
    const checks = await runChecks(
      {
        DATA_DIR: db.dataDir,
        WORKSPACE_DIR: `${db.dataDir}/espace`,
        NEXTCLOUD_URL: url,
        NEXTCLOUD_USER: nextcloud.user,
        NEXTCLOUD_APP_PASSWORD: nextcloud.appPassword,
        ...overrides,
      },
      fetch,
    );
    const find = (name: string) => checks.find((c) => c.name === name) as Check;
    return { account: find("Nextcloud"), files: find("Nextcloud : fichiers") };
  };

  it("explains a wrong app password with where to create one", async () => {
    const { account, files } = await diagnose(nextcloud.baseUrl, {
      NEXTCLOUD_APP_PASSWORD: "mot-de-passe-du-compte",
    });
    expect(account.status).toBe("error");
    expect(account.detail).toContain("Le mot de passe d'application est refusé (401)");
    expect(account.detail).toContain(
      "Créez-en un dans Nextcloud : Paramètres personnels › Sécurité › Appareils et sessions, puis mettez-le dans NEXTCLOUD_APP_PASSWORD.",
    );
    expect(files).toMatchObject({ status: "skipped" });
  });

  it("tells to wait, not to retry in a loop, once Nextcloud throttles the bot's address (429)", async () => {
    const strict = await startFakeNextcloud({ bruteForceMaxAttempts: 1 });
    try {
      await diagnose(strict.baseUrl, { NEXTCLOUD_USER: strict.user, NEXTCLOUD_APP_PASSWORD: "faux" });
      const { account } = await diagnose(strict.baseUrl, {
        NEXTCLOUD_USER: strict.user,
        NEXTCLOUD_APP_PASSWORD: strict.appPassword,
      });
      expect(account.status).toBe("error");
      expect(account.detail).toContain("protection contre la force brute");
      expect(account.detail).toContain("(429");
      expect(account.detail).toContain("Attendez quelques minutes sans relancer");
    } finally {
      await strict.close();
    }
  });

  it("recognises the X-Nextcloud-Bruteforce-Throttled header on a refused login", async () => {
    const url = await serve(
      miniNextcloud({
        ocs: { status: 401, headers: { "x-nextcloud-bruteforce-throttled": "1600ms" }, body: "{}" },
      }),
    );
    const { account } = await diagnose(url);
    expect(account.status).toBe("error");
    expect(account.detail).toContain("protection contre la force brute");
    expect(account.detail).toContain("(401");
  });

  it("says NEXTCLOUD_URL is not a Nextcloud when OCS is missing (404) or answers a web page", async () => {
    const missing = await diagnose(
      await serve(miniNextcloud({ ocs: { status: 404, body: "<html></html>" } })),
    );
    expect(missing.account.status).toBe("error");
    expect(missing.account.detail).toMatch(
      /^NEXTCLOUD_URL ne semble pas être un serveur Nextcloud : .* \(404\)/,
    );
    const page = await diagnose(
      await serve(miniNextcloud({ ocs: { status: 200, body: "<!DOCTYPE html><html>" } })),
    );
    expect(page.account.status).toBe("error");
    expect(page.account.detail).toContain("NEXTCLOUD_URL ne semble pas être un serveur Nextcloud");
    expect(page.account.detail).toContain("une page web");
  });

  it.each([
    ["/index.php/apps/files/", "/index.php/apps/files"],
    ["/remote.php/dav/files/alice/", "/remote.php/dav/files/alice"],
  ])("asks for the base address when NEXTCLOUD_URL ends with %s", async (pasted, shown) => {
    const before = nextcloud.requests.length;
    const { account, files } = await diagnose(`${nextcloud.baseUrl}${pasted}`);
    expect(account.status).toBe("error");
    expect(account.detail).toBe(
      `NEXTCLOUD_URL contient « ${shown} » : indiquez seulement l'adresse de base du serveur, sans /index.php ni /remote.php (ici ${nextcloud.baseUrl}).`,
    );
    expect(files.status).toBe("skipped");
    expect(nextcloud.requests.length).toBe(before);
  });

  it("explains an unreachable host: connection refused, not HTTPS, self-signed certificate", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const refused = await diagnose(closed);
    expect(refused.account.status).toBe("error");
    expect(refused.account.detail).toContain(`${closed} injoignable : connexion refusée`);
    expect(refused.files.status).toBe("skipped");

    const plain = (await serve(miniNextcloud({}))).replace("http://", "https://");
    const notTls = await diagnose(plain);
    expect(notTls.account.detail).toContain("le serveur ne parle pas HTTPS sur ce port");

    const tls = await listen(createHttpsServer(SELF_SIGNED, miniNextcloud({})), "https");
    servers.push(tls);
    const untrusted = await diagnose(tls.url);
    expect(untrusted.account.status).toBe("error");
    expect(untrusted.account.detail).toContain("certificat TLS refusé (DEPTH_ZERO_SELF_SIGNED_CERT)");
    expect(untrusted.account.detail).toContain("NODE_EXTRA_CA_CERTS");
  });

  it("says NEXTCLOUD_USER is the login, not the account id, when the files of that name are refused", async () => {
    const url = await serve(miniNextcloud({ id: "ctg-bot", propfind: { status: 404 } }));
    const { account, files } = await diagnose(url, { NEXTCLOUD_USER: "ctg@agglo-agen.fr" });
    expect(account.status).toBe("error");
    expect(account.detail).toContain(
      "le compte s'appelle « ctg-bot » pour Nextcloud, pas « ctg@agglo-agen.fr »",
    );
    expect(account.detail).toContain("mettez NEXTCLOUD_USER=ctg-bot");
    expect(files.status).toBe("error");
    expect(files.detail).toBe(
      "Le dossier /remote.php/dav/files/ctg@agglo-agen.fr/ est refusé (404) : les fichiers sont au nom du compte « ctg-bot » ; mettez NEXTCLOUD_USER=ctg-bot.",
    );
  });

  it("says when WebDAV refuses what OCS accepts (a proxy dropping Authorization) or blocks PROPFIND", async () => {
    const dropped = await diagnose(await serve(miniNextcloud({ propfind: { status: 401 } })));
    expect(dropped.account.status).toBe("ok");
    expect(dropped.files.status).toBe("error");
    expect(dropped.files.detail).toContain("ne transmet sans doute pas l'en-tête Authorization");
    const blocked = await diagnose(await serve(miniNextcloud({ propfind: { status: 405 } })));
    expect(blocked.files.detail).toContain("refuse la méthode PROPFIND (405)");
    const forbidden = await diagnose(await serve(miniNextcloud({ propfind: { status: 403 } })));
    expect(forbidden.files.detail).toContain("Le dossier de fichiers de « alice » est inaccessible (403)");
  });

  it("reports an account that may not create files in its folder", async () => {
    const { files } = await diagnose(
      await serve(miniNextcloud({ propfind: { status: 207, permissions: "RGDNV" } })),
    );
    expect(files.status).toBe("error");
    expect(files.detail).toContain(
      "ne peut pas créer de fichiers ou de dossiers dans son dossier Nextcloud (droits « RGDNV »)",
    );
  });

  it("reports a full quota as an error and a quota smaller than FILING_MAX_MB as a warning", async () => {
    const full = await diagnose(await serve(miniNextcloud({ propfind: { status: 207, quota: "0" } })));
    expect(full.files.status).toBe("error");
    expect(full.files.detail).toContain("Le quota du compte « alice » est atteint (0 octet libre)");
    const small = await diagnose(
      await serve(miniNextcloud({ propfind: { status: 207, quota: String(10 * 1024 * 1024) } })),
    );
    expect(small.files.status).toBe("warning");
    expect(small.files.detail).toContain(
      "Il reste 10 Mio dans le quota du compte « alice », moins que FILING_MAX_MB (1024 Mo)",
    );
    const unlimited = await diagnose(await serve(miniNextcloud({ propfind: { status: 207, quota: "-3" } })));
    expect(unlimited.files).toMatchObject({
      status: "ok",
      detail: "dossier de alice accessible en écriture.",
    });
    const roomy = await diagnose(
      await serve(miniNextcloud({ propfind: { status: 207, quota: String(5 * 1024 ** 3) } })),
    );
    expect(roomy.files).toMatchObject({
      status: "ok",
      detail: "dossier de alice accessible en écriture, 5,0 Gio libres.",
    });
  });

  it("says Nextcloud is in maintenance when OCS answers 503", async () => {
    const { account } = await diagnose(await serve(miniNextcloud({ ocs: { status: 503, body: "{}" } })));
    expect(account.status).toBe("error");
    expect(account.detail).toContain("mode maintenance");
  });
});
