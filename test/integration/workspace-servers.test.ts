/**
 * What the two test servers answer at the protocol level, side by side: the claims of
 * docs/workspace.md ("differences between the fake, Apache mod_dav and Nextcloud") are checked here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apacheUnavailableReason, startApacheWebdav } from "../helpers/apache-webdav.ts";
import { startFakeNextcloud } from "../helpers/fake-nextcloud/index.ts";

interface Server {
  baseUrl: string;
  user: string;
  password: string;
  close(): Promise<void>;
}

/** The answers that differ between the servers; the rest is asserted identical. */
interface Expected {
  realm: string;
  moveIntoMissingFolder: number;
  ocFileIdHeader: boolean;
  fileIdProp: boolean;
  autoMkcol: number;
  uploadsMkcol: number;
  ocsUser: number;
  depthInfinity: number;
  /** `= ; + &` left as they are in hrefs (Apache) or percent-encoded (Sabre). */
  rawReserved: boolean;
}

const servers: { name: string; skip: string | null; start(): Promise<Server>; expected: Expected }[] = [
  {
    name: "faux Nextcloud",
    skip: null,
    start: async () => {
      const fake = await startFakeNextcloud();
      return {
        baseUrl: fake.baseUrl,
        user: fake.user,
        password: fake.appPassword,
        close: () => fake.close(),
      };
    },
    expected: {
      realm: 'Basic realm="Nextcloud", charset="UTF-8"',
      moveIntoMissingFolder: 409,
      ocFileIdHeader: true,
      fileIdProp: true,
      autoMkcol: 201,
      uploadsMkcol: 201,
      ocsUser: 200,
      depthInfinity: 207,
      rawReserved: false,
    },
  },
  {
    name: "Apache mod_dav",
    skip: apacheUnavailableReason(),
    start: async () => {
      const apache = await startApacheWebdav();
      return {
        baseUrl: apache.baseUrl,
        user: apache.user,
        password: apache.password,
        close: () => apache.close(),
      };
    },
    expected: {
      realm: 'Basic realm="webdav"',
      moveIntoMissingFolder: 500,
      ocFileIdHeader: false,
      fileIdProp: false,
      autoMkcol: 409,
      uploadsMkcol: 409,
      ocsUser: 404,
      depthInfinity: 403,
      rawReserved: true,
    },
  },
];

const PROPFIND = `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">
<d:prop><d:resourcetype/><d:getcontentlength/><oc:fileid/></d:prop></d:propfind>`;

describe.each(servers)("$name : réponses du protocole", ({ skip, start, expected }) => {
  describe.skipIf(skip !== null)(skip === null ? "WebDAV" : `ignoré : ${skip}`, () => {
    let server: Server;
    let files: string;
    const dav = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
      const response = await fetch(path.startsWith("http") ? path : `${files}${path}`, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${server.user}:${server.password}`).toString("base64")}`,
          ...headers,
        },
        ...(body === undefined ? {} : { body }),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };

    beforeAll(async () => {
      server = await start();
      files = `${server.baseUrl}/remote.php/dav/files/${server.user}/`;
      await dav("MKCOL", "p");
      await dav("PUT", "p/f.txt", {}, "abc");
    }, 30_000);
    afterAll(async () => {
      await server?.close();
    });

    it("un mauvais mot de passe donne 401 avec un WWW-Authenticate Basic", async () => {
      const response = await fetch(files, {
        method: "PROPFIND",
        headers: {
          authorization: `Basic ${Buffer.from(`${server.user}:faux`).toString("base64")}`,
          depth: "0",
        },
      });
      await response.body?.cancel();
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(expected.realm);
    });

    it("MKCOL : 405 sur un dossier existant, 409 sans le parent", async () => {
      expect((await dav("MKCOL", "p")).status).toBe(405);
      expect((await dav("MKCOL", "p/")).status).toBe(405);
      expect((await dav("MKCOL", "absent/enfant")).status).toBe(409);
    });

    it("PUT : If-None-Match: * sur un fichier existant donne 412, sans parent 409 ; OC-FileId selon le serveur", async () => {
      expect((await dav("PUT", "p/f.txt", { "if-none-match": "*" }, "xyz")).status).toBe(412);
      expect((await dav("GET", "p/f.txt")).text).toBe("abc");
      expect((await dav("PUT", "absent/f.txt", {}, "x")).status).toBe(409);
      const created = await dav("PUT", "p/neuf.txt", { "if-none-match": "*" }, "x");
      expect(created.status).toBe(201);
      expect(created.headers.get("oc-fileid") !== null).toBe(expected.ocFileIdHeader);
    });

    it("MOVE : Overwrite: F sur une cible prise donne 412 ; vers un dossier absent, 409 ou 500 selon le serveur", async () => {
      await dav("PUT", "p/a.txt", {}, "a");
      expect((await dav("MOVE", "p/a.txt", { destination: `${files}p/f.txt`, overwrite: "F" })).status).toBe(
        412,
      );
      expect(
        (await dav("MOVE", "p/a.txt", { destination: `${files}absent/a.txt`, overwrite: "F" })).status,
      ).toBe(expected.moveIntoMissingFolder);
      expect(
        (await dav("MOVE", "p/absent.txt", { destination: `${files}p/b.txt`, overwrite: "F" })).status,
      ).toBe(404);
    });

    it("DELETE et PROPFIND d'un chemin absent donnent 404 ; Depth: infinity selon le serveur", async () => {
      expect((await dav("DELETE", "p/absent.txt")).status).toBe(404);
      expect((await dav("PROPFIND", "p/absent.txt", { depth: "0" })).status).toBe(404);
      expect((await dav("PROPFIND", "", { depth: "infinity" })).status).toBe(expected.depthInfinity);
    });

    it("PROPFIND : oc:fileid seulement sur Nextcloud, et pas de getcontentlength pour un dossier", async () => {
      const folder = await dav("PROPFIND", "p/", { depth: "0", "content-type": "application/xml" }, PROPFIND);
      expect(folder.status).toBe(207);
      expect(folder.text).toMatch(/<[\w]+:getcontentlength\/>[\s\S]*404 Not Found/);
      const file = await dav(
        "PROPFIND",
        "p/f.txt",
        { depth: "0", "content-type": "application/xml" },
        PROPFIND,
      );
      expect(file.text).toMatch(/getcontentlength>3</);
      expect(/fileid>\d+</.test(file.text)).toBe(expected.fileIdProp);
    });

    it("les hrefs encodent espaces, accents, # et % (casse des codes %xx variable)", async () => {
      await dav("PUT", `p/${encodeURIComponent("é ’(1) #2 50%.txt")}`, {}, "x");
      const listing = await dav("PROPFIND", "p/", { depth: "1" });
      const href = /<[\w]+:href>([^<]*%23[^<]*)<\/[\w]+:href>/.exec(listing.text)?.[1] ?? "";
      expect(decodeURIComponent(href)).toBe(`/remote.php/dav/files/${server.user}/p/é ’(1) #2 50%.txt`);
      expect(href).toContain("(1)");
      await dav("PUT", `p/${encodeURIComponent("a=b;c+d&e.txt")}`, {}, "x");
      const again = await dav("PROPFIND", "p/", { depth: "1" });
      expect(again.text).toMatch(expected.rawReserved ? /a=b;c\+d&amp;e\.txt/ : /a%3db%3bc%2bd%26e\.txt/);
    });

    it("extensions Nextcloud : X-NC-WebDAV-Auto-Mkcol, dossier d'envoi par morceaux, OCS", async () => {
      expect((await dav("PUT", "auto/a/b.txt", { "x-nc-webdav-auto-mkcol": "1" }, "x")).status).toBe(
        expected.autoMkcol,
      );
      const upload = `${server.baseUrl}/remote.php/dav/uploads/${server.user}/essai`;
      expect((await dav("MKCOL", upload, { destination: `${files}p/gros.bin` })).status).toBe(
        expected.uploadsMkcol,
      );
      const ocs = await dav("GET", `${server.baseUrl}/ocs/v2.php/cloud/user?format=json`, {
        "ocs-apirequest": "true",
      });
      expect(ocs.status).toBe(expected.ocsUser);
    });
  });
});

describe("faux Nextcloud : règles propres à Nextcloud", () => {
  it("OCS exige OCS-APIRequest: true (412 « CSRF check failed » sinon) et répond l'enveloppe ocs.meta/ocs.data", async () => {
    const fake = await startFakeNextcloud();
    try {
      const authorization = `Basic ${Buffer.from(`${fake.user}:${fake.appPassword}`).toString("base64")}`;
      const url = `${fake.baseUrl}/ocs/v2.php/cloud/capabilities?format=json`;
      const refused = await fetch(url, { headers: { authorization } });
      expect(refused.status).toBe(412);
      expect(await refused.json()).toEqual({ message: "CSRF check failed" });
      const answered = await fetch(url, { headers: { authorization, "ocs-apirequest": "true" } });
      expect(await answered.json()).toMatchObject({
        ocs: {
          meta: { status: "ok", statuscode: 200 },
          data: {
            // Nextcloud 31's defaults (apps/files ChunkedUploadConfig): 100 MiB, 5 in parallel.
            capabilities: {
              dav: { chunking: "1.0" },
              files: { chunked_upload: { max_size: 104_857_600, max_parallel_count: 5 } },
            },
          },
        },
      });
    } finally {
      await fake.close();
    }
  });

  it("l'assemblage (MOVE .file) suit l'ordre des numéros quel que soit l'ordre d'arrivée, sans rien laisser derrière lui", async () => {
    const fake = await startFakeNextcloud();
    try {
      const authorization = `Basic ${Buffer.from(`${fake.user}:${fake.appPassword}`).toString("base64")}`;
      const files = `${fake.baseUrl}/remote.php/dav/files/${fake.user}`;
      const destination = `${files}/gros.bin`;
      const upload = async (id: string, chunks: Buffer[], order: number[]) => {
        const folder = `${fake.baseUrl}/remote.php/dav/uploads/${fake.user}/${id}`;
        expect(
          (await fetch(folder, { method: "MKCOL", headers: { authorization, destination } })).status,
        ).toBe(201);
        // All sent at once, started in the given order; the sizes differ: offsets come from the names.
        const statuses = await Promise.all(
          order.map((index) =>
            fetch(`${folder}/${String(index + 1).padStart(5, "0")}`, {
              method: "PUT",
              headers: { authorization, destination },
              body: chunks[index],
            }).then((response) => response.status),
          ),
        );
        expect(statuses).toEqual(order.map(() => 201));
        return folder;
      };
      const move = (folder: string, total: number) =>
        fetch(`${folder}/.file`, {
          method: "MOVE",
          headers: { authorization, destination, overwrite: "F", "oc-total-length": String(total) },
        });
      const chunks = [Buffer.alloc(700_000, 1), Buffer.alloc(1_300_000, 2), Buffer.alloc(123_457, 3)];
      const whole = Buffer.concat(chunks);

      const first = await upload("premier", chunks, [2, 0, 1]);
      const moved = await move(first, whole.length + 1);
      expect(moved.status).toBe(400);
      expect(await moved.text()).toContain(`do not sum up to ${whole.length + 1} but to ${whole.length}`);
      expect(await fake.diskTree()).toEqual([]);
      const assembled = await move(first, whole.length);
      expect(assembled.status).toBe(201);
      expect(assembled.headers.get("oc-fileid")).toMatch(/^\d{8}oc/);
      const read = await fetch(destination, { headers: { authorization } });
      expect(Buffer.from(await read.arrayBuffer()).equals(whole)).toBe(true);

      // Same destination again with Overwrite: F: 412, the first file untouched, no .part left.
      const second = await upload("second", [Buffer.from("autre contenu")], [0]);
      expect((await move(second, 13)).status).toBe(412);
      const again = await fetch(destination, { headers: { authorization } });
      expect(Buffer.from(await again.arrayBuffer()).equals(whole)).toBe(true);
      expect(await fake.diskTree()).toEqual(["gros.bin"]);
      expect(await fake.uploadFolders()).toEqual(["second"]);
      expect((await fetch(second, { method: "DELETE", headers: { authorization } })).status).toBe(204);
      expect(await fake.uploadFolders()).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it("le MKCOL d'un dossier d'envoi exige Destination, et un morceau doit s'appeler 1 à 10000", async () => {
    const fake = await startFakeNextcloud();
    try {
      const authorization = `Basic ${Buffer.from(`${fake.user}:${fake.appPassword}`).toString("base64")}`;
      const upload = `${fake.baseUrl}/remote.php/dav/uploads/${fake.user}/essai`;
      const destination = `${fake.baseUrl}/remote.php/dav/files/${fake.user}/gros.bin`;
      expect((await fetch(upload, { method: "MKCOL", headers: { authorization } })).status).toBe(400);
      expect((await fetch(upload, { method: "MKCOL", headers: { authorization, destination } })).status).toBe(
        201,
      );
      const chunk = (name: string) =>
        fetch(`${upload}/${name}`, { method: "PUT", headers: { authorization, destination }, body: "x" });
      expect((await chunk("10001")).status).toBe(400);
      expect((await chunk("00001")).status).toBe(201);
    } finally {
      await fake.close();
    }
  });
});
