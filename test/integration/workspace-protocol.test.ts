/**
 * The pure pieces of the Nextcloud client on captured payloads (test/fixtures/webdav: a PROPFIND of
 * Apache mod_dav and of the fake Nextcloud) and on the documented header formats.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { chunkName } from "../../src/workspace/nextcloud/chunked-upload.ts";
import { errorFromStatus, parseRetryAfter } from "../../src/workspace/nextcloud/errors.ts";
import { MultistatusError, parseMultistatus } from "../../src/workspace/nextcloud/propfind.ts";
import { fileIdFromHeader } from "../../src/workspace/nextcloud/upload.ts";
import { DavUrls } from "../../src/workspace/nextcloud/urls.ts";

const urls = new DavUrls("http://127.0.0.1:8080", "alice");
const fixture = (name: string) => readFile(new URL(`../fixtures/webdav/${name}`, import.meta.url), "utf8");
const NAME = "2024-03-12 - Compte rendu d’été (v2) #1 50% & co.pdf";

describe("lecture d'une réponse PROPFIND (207 Multi-Status)", () => {
  it("Apache mod_dav : préfixes D:/lp1:/g0:, propstat 404 pour oc:fileid, codes %xx en minuscules", async () => {
    const entries = parseMultistatus(await fixture("apache-mod-dav-propfind-depth1.xml"), urls);
    expect(entries).toEqual([
      { path: "03 Instances", name: "03 Instances", type: "folder", size: 0, fileId: null },
      { path: `03 Instances/${NAME}`, name: NAME, type: "file", size: 10, fileId: null },
      { path: "03 Instances/vide.txt", name: "vide.txt", type: "file", size: 0, fileId: null },
      { path: "03 Instances/COPIL", name: "COPIL", type: "folder", size: 0, fileId: null },
    ]);
  });

  it("faux Nextcloud : préfixes d:/oc:, oc:fileid et oc:size (taille des dossiers)", async () => {
    const entries = parseMultistatus(await fixture("fake-nextcloud-propfind-depth1.xml"), urls);
    expect(entries).toEqual([
      { path: "03 Instances", name: "03 Instances", type: "folder", size: 10, fileId: "100" },
      { path: `03 Instances/${NAME}`, name: NAME, type: "file", size: 10, fileId: "102" },
      { path: "03 Instances/COPIL", name: "COPIL", type: "folder", size: 0, fileId: "101" },
      { path: "03 Instances/vide.txt", name: "vide.txt", type: "file", size: 0, fileId: "103" },
    ]);
  });

  it("accepte des hrefs en URL absolue et ignore ceux hors de l'espace de l'utilisateur", () => {
    const xml = `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">
      <d:response><d:href>http://127.0.0.1:8080/remote.php/dav/files/alice/a%20b.txt</d:href>
        <d:propstat><d:prop><d:resourcetype/><d:getcontentlength>4</d:getcontentlength></d:prop>
        <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
      <d:response><d:href>/remote.php/dav/files/bob/x.txt</d:href>
        <d:propstat><d:prop><d:resourcetype/></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
    </d:multistatus>`;
    expect(parseMultistatus(xml, urls)).toEqual([
      { path: "a b.txt", name: "a b.txt", type: "file", size: 4, fileId: null },
    ]);
  });

  it("une réponse qui n'est pas un multistatus est refusée, pas devinée", () => {
    expect(() => parseMultistatus("<html><body>Proxy error</body></html>", urls)).toThrow(MultistatusError);
    expect(parseMultistatus('<d:multistatus xmlns:d="DAV:"></d:multistatus>', urls)).toEqual([]);
  });
});

describe("en-têtes et codes de Nextcloud", () => {
  it("OC-FileId est l'identifiant complété à 8 chiffres suivi de l'instance : seul le nombre est gardé", () => {
    expect(fileIdFromHeader("00014134ocavo5k17gb5")).toBe("14134");
    expect(fileIdFromHeader("00000007oc9l3j5ur4db")).toBe("7");
    expect(fileIdFromHeader("123456789ocabc")).toBe("123456789");
    expect(fileIdFromHeader(null)).toBeNull();
    expect(fileIdFromHeader("abc")).toBeNull();
  });

  it("Retry-After se lit en secondes ou en date HTTP", () => {
    const now = Date.parse("2024-03-12T09:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Tue, 12 Mar 2024 09:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Tue, 12 Mar 2024 08:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("bientôt", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it("les morceaux s'appellent 00001 à 10000", () => {
    expect([1, 42, 10_000].map(chunkName)).toEqual(["00001", "00042", "10000"]);
  });

  it("chaque statut donne son code d'erreur, en français", () => {
    const code = (status: number, retryAfter: string | null = null, body = "") =>
      errorFromStatus({ status, retryAfter, body }, "le fichier « a.pdf »", 0).code;
    expect(code(401)).toBe("auth");
    expect(code(403)).toBe("auth");
    expect(code(404)).toBe("not-found");
    expect(code(412)).toBe("exists");
    expect(code(413)).toBe("too-large");
    expect(code(507)).toBe("too-large");
    expect(code(400)).toBe("invalid-name");
    expect(code(429, "5")).toBe("rate-limited");
    expect(code(503, "5")).toBe("rate-limited");
    expect(code(429)).toBe("auth");
    expect(code(503)).toBe("unavailable");
    expect(code(500)).toBe("unavailable");
    expect(code(502)).toBe("unavailable");
    const sabre = `<?xml version="1.0" encoding="utf-8"?>
<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:o="http://owncloud.org/ns">
  <s:exception>OCA\\DAV\\Connector\\Sabre\\Exception\\TooManyRequests</s:exception>
  <s:message></s:message><o:hint>too many requests</o:hint></d:error>`;
    const bruteForce = errorFromStatus({ status: 429, retryAfter: null, body: sabre }, "« a.pdf »", 0);
    expect(bruteForce).toMatchObject({ code: "auth", status: 429 });
    expect(bruteForce.message).toContain("force brute");
    expect(
      errorFromStatus({ status: 412, retryAfter: null, body: "" }, "le fichier « a.pdf »", 0).message,
    ).toBe("Le fichier « a.pdf » existe déjà dans Nextcloud : il n'a pas été remplacé.");
  });
});
