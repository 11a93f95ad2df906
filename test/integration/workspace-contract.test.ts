import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { LocalWorkspace } from "../../src/workspace/local-workspace.ts";
import { NextcloudWorkspace } from "../../src/workspace/nextcloud/nextcloud-workspace.ts";
import type { NextcloudWorkspaceOptions } from "../../src/workspace/nextcloud/options.ts";
import { type UploadSource, type Workspace, WorkspaceError } from "../../src/workspace/workspace.ts";
import { apacheUnavailableReason, startApacheWebdav } from "../helpers/apache-webdav.ts";
import { pattern, readAll, sourceOf } from "../helpers/bytes.ts";
import { type FakeNextcloud, startFakeNextcloud } from "../helpers/fake-nextcloud/index.ts";

const MB = 1024 * 1024;
/** The thresholds of the Nextcloud workspaces under test: a 5 MB file goes in 5 chunks. */
const SMALL_CHUNKS = { chunkThresholdBytes: 1 * MB, chunkSizeBytes: 1 * MB };
const NOW = Date.parse("2024-03-12T09:00:00Z");

interface Subject {
  workspace: Workspace;
  /** Every file and folder on the server's disk (temporary files included), relative to the root. */
  diskTree(): Promise<string[]>;
  /** What `url` looks like for `path`. */
  expectedUrl(path: string, fileId: string | null): string | RegExp;
  hasFileIds: boolean;
  close(): Promise<void>;
}

const implementations: { name: string; skip: string | null; start(): Promise<Subject> }[] = [
  {
    name: "LocalWorkspace sur un dossier temporaire",
    skip: null,
    async start() {
      const root = await mkdtemp(join(tmpdir(), "local-workspace-"));
      const workspace = new LocalWorkspace({ root });
      return {
        workspace,
        diskTree: async () => (await readdir(root, { recursive: true })).sort(),
        expectedUrl: (path) => workspace.urlOf(path),
        hasFileIds: true,
        close: () => rm(root, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "NextcloudWorkspace contre le faux Nextcloud",
    skip: null,
    async start() {
      const fake = await startFakeNextcloud();
      const workspace = new NextcloudWorkspace({
        baseUrl: fake.baseUrl,
        user: fake.user,
        appPassword: fake.appPassword,
        ...SMALL_CHUNKS,
        sleep: async () => {},
      });
      return {
        workspace,
        diskTree: () => fake.diskTree(),
        expectedUrl: (_path, fileId) => `${fake.baseUrl}/index.php/f/${fileId}`,
        hasFileIds: true,
        close: () => fake.close(),
      };
    },
  },
  {
    name: "NextcloudWorkspace en WebDAV simple contre Apache mod_dav",
    skip: apacheUnavailableReason(),
    async start() {
      const apache = await startApacheWebdav();
      const workspace = new NextcloudWorkspace({
        baseUrl: apache.baseUrl,
        user: apache.user,
        appPassword: apache.password,
        flavour: "webdav",
        ...SMALL_CHUNKS,
        sleep: async () => {},
      });
      const filesUrl = `${apache.baseUrl}/remote.php/dav/files/${apache.user}/`;
      return {
        workspace,
        diskTree: () => apache.diskTree(),
        expectedUrl: (path) => filesUrl + path.split("/").map(encodeURIComponent).join("/"),
        hasFileIds: false,
        close: () => apache.close(),
      };
    },
  },
];

describe.each(implementations)("$name", ({ name, skip, start }) => {
  describe.skipIf(skip !== null)(skip === null ? "contrat Workspace" : `ignoré : ${skip}`, () => {
    let subject: Subject;
    let ws: Workspace;
    let counter = 0;
    /** Each test files under its own folder of the shared server. */
    const folder = () => `t${++counter} dossier`;

    beforeAll(async () => {
      subject = await start();
      ws = subject.workspace;
    }, 30_000);
    afterAll(async () => {
      await subject?.close();
    });

    it("un nouveau fichier déposé se relit à l'identique", async () => {
      const path = `${folder()}/2024-03-12 - Compte rendu - COPIL.pdf`;
      const content = pattern(200_000);
      const stored = await ws.putNew(path, sourceOf(content));
      expect(stored.path).toBe(path);
      expect(stored.size).toBe(content.length);
      expect(stored.url).toEqual(subject.expectedUrl(path, stored.fileId));
      if (subject.hasFileIds) expect(stored.fileId).toMatch(/^\d+$/);
      else expect(stored.fileId).toBeNull();
      expect(await readAll(await ws.read(path))).toEqual(content);
    });

    it("déposer sur un chemin déjà pris échoue en « exists » et laisse l'original intact", async () => {
      const path = `${folder()}/ordre du jour.pdf`;
      await ws.putNew(path, sourceOf(Buffer.from("original")));
      const error = await ws
        .putNew(path, sourceOf(Buffer.from("remplaçant plus long")))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkspaceError);
      expect(error).toMatchObject({ code: "exists" });
      expect((await readAll(await ws.read(path))).toString()).toBe("original");
    });

    it("ensureFolder crée les dossiers imbriqués et peut être rappelé sans erreur", async () => {
      const base = folder();
      await ws.ensureFolder(`${base}/03 Instances/COPIL/2024`);
      await ws.ensureFolder(`${base}/03 Instances/COPIL/2024`);
      await ws.ensureFolder(`${base}/03 Instances`);
      expect(await ws.stat(`${base}/03 Instances/COPIL/2024`)).toMatchObject({
        type: "folder",
        name: "2024",
      });
      expect((await ws.list(`${base}/03 Instances`)).map((entry) => entry.name)).toEqual(["COPIL"]);
    });

    it("list et stat décrivent les dossiers et les fichiers ; un chemin absent donne [] ou null", async () => {
      const base = folder();
      await ws.ensureFolder(`${base}/B dossier`);
      await ws.putNew(`${base}/a.txt`, sourceOf(Buffer.from("12345")));
      await ws.putNew(`${base}/c.txt`, sourceOf(Buffer.from("")));
      const entries = await ws.list(base);
      expect(entries.map(({ path, name, type }) => ({ path, name, type }))).toEqual([
        { path: `${base}/B dossier`, name: "B dossier", type: "folder" },
        { path: `${base}/a.txt`, name: "a.txt", type: "file" },
        { path: `${base}/c.txt`, name: "c.txt", type: "file" },
      ]);
      expect(entries[1]?.size).toBe(5);
      const file = await ws.stat(`${base}/a.txt`);
      expect(file).toMatchObject({ path: `${base}/a.txt`, name: "a.txt", type: "file", size: 5 });
      if (subject.hasFileIds) expect(file?.fileId).toMatch(/^\d+$/);
      else expect(file?.fileId).toBeNull();
      expect(await ws.stat(`${base}/absent.txt`)).toBeNull();
      expect(await ws.list(`${base}/absent`)).toEqual([]);
    });

    it("move vers un chemin libre déplace le fichier (dossiers créés au besoin) et garde son identifiant", async () => {
      const base = folder();
      const stored = await ws.putNew(`${base}/A classer/cr.pdf`, sourceOf(Buffer.from("contenu")));
      const moved = await ws.move(`${base}/A classer/cr.pdf`, `${base}/03 Instances/COPIL/cr.pdf`);
      expect(moved).toMatchObject({
        path: `${base}/03 Instances/COPIL/cr.pdf`,
        size: 7,
        fileId: stored.fileId,
      });
      expect(moved.url).toEqual(subject.expectedUrl(moved.path, moved.fileId));
      expect(await ws.stat(`${base}/A classer/cr.pdf`)).toBeNull();
      expect((await readAll(await ws.read(moved.path))).toString()).toBe("contenu");
    });

    it("move sur un fichier existant échoue en « exists » et laisse les deux fichiers intacts", async () => {
      const base = folder();
      await ws.putNew(`${base}/un.pdf`, sourceOf(Buffer.from("un")));
      await ws.putNew(`${base}/deux.pdf`, sourceOf(Buffer.from("deux")));
      await expect(ws.move(`${base}/un.pdf`, `${base}/deux.pdf`)).rejects.toMatchObject({ code: "exists" });
      expect((await readAll(await ws.read(`${base}/un.pdf`))).toString()).toBe("un");
      expect((await readAll(await ws.read(`${base}/deux.pdf`))).toString()).toBe("deux");
    });

    it("move d'un fichier absent échoue en « not-found »", async () => {
      const base = folder();
      await ws.ensureFolder(base);
      await expect(ws.move(`${base}/absent.pdf`, `${base}/ailleurs.pdf`)).rejects.toMatchObject({
        code: "not-found",
      });
    });

    it("remove supprime un fichier, et un fichier absent n'est pas une erreur", async () => {
      const path = `${folder()}/brouillon.pdf`;
      await ws.putNew(path, sourceOf(Buffer.from("x")));
      await ws.remove(path);
      expect(await ws.stat(path)).toBeNull();
      await ws.remove(path);
    });

    it("les noms avec espaces, accents, apostrophe, parenthèses, # et % font l'aller-retour", async () => {
      const base = `${folder()}/Réunion n°2 (bilan) #3 à 100 %`;
      const name = "2024-03-12 - Compte rendu d’été (v2) #1 50% + 25 %20.pdf";
      const stored = await ws.putNew(`${base}/${name}`, sourceOf(Buffer.from("é")));
      expect(stored.path).toBe(`${base}/${name}`);
      expect(stored.url).toEqual(subject.expectedUrl(stored.path, stored.fileId));
      expect((await ws.list(base)).map((entry) => entry.name)).toEqual([name]);
      expect(await ws.stat(`${base}/${name}`)).toMatchObject({ name, size: 2 });
      expect((await readAll(await ws.read(`${base}/${name}`))).toString()).toBe("é");
      const renamed = `${base}/Relevé « final » ’ & ; = ? #.pdf`;
      await ws.move(`${base}/${name}`, renamed);
      expect((await ws.list(base)).map((entry) => entry.path)).toEqual([renamed]);
    });

    it("un fichier vide se dépose et la progression finit à 0 sur 0", async () => {
      const path = `${folder()}/vide.txt`;
      const progress: [number, number][] = [];
      const stored = await ws.putNew(path, sourceOf(Buffer.alloc(0)), {
        onProgress: (s, t) => progress.push([s, t]),
      });
      expect(stored.size).toBe(0);
      expect(await ws.stat(path)).toMatchObject({ type: "file", size: 0 });
      expect((await readAll(await ws.read(path))).length).toBe(0);
      expect(progress.at(-1)).toEqual([0, 0]);
    });

    it("un fichier plus gros que le seuil d'envoi par morceaux arrive entier, avec une progression croissante jusqu'au total", async () => {
      const path = `${folder()}/diagnostic.pdf`;
      const content = pattern(5 * MB + 12_345);
      const progress: number[] = [];
      const stored = await ws.putNew(path, sourceOf(content), {
        onProgress: (sent, total) => {
          expect(total).toBe(content.length);
          progress.push(sent);
        },
      });
      expect(stored.size).toBe(content.length);
      expect(progress.length).toBeGreaterThan(5);
      expect(progress.every((sent, index) => index === 0 || sent > (progress[index - 1] ?? 0))).toBe(true);
      expect(progress.at(-1)).toBe(content.length);
      expect(sha256(await readAll(await ws.read(path)))).toBe(sha256(content));
    });

    it("un envoi interrompu par un AbortSignal ne laisse rien derrière lui", async () => {
      const base = folder();
      const controller = new AbortController();
      const content = pattern(4 * MB);
      const error = await ws
        .putNew(`${base}/interrompu.pdf`, sourceOf(content), {
          signal: controller.signal,
          onProgress: (sent) => {
            if (sent >= 1.5 * MB) controller.abort(new Error("annulé par l'utilisateur"));
          },
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ message: "annulé par l'utilisateur" });
      expect(await ws.stat(`${base}/interrompu.pdf`)).toBeNull();
      // The server notices the closed connection on its own time (Apache removes its temporary file).
      await vi.waitFor(async () => {
        expect((await subject.diskTree()).filter((entry) => entry.startsWith(base))).toEqual(
          (await ws.stat(base)) === null ? [] : [base],
        );
      }, 5_000);
    });

    it(`refuse les chemins qui sortent de l'espace de travail (${name})`, async () => {
      for (const path of ["../secret.txt", "/etc/passwd", "a/../../b.txt", "a//b.txt", ""]) {
        await expect(ws.putNew(path, sourceOf(Buffer.from("x")))).rejects.toMatchObject({
          code: "invalid-name",
        });
      }
      await expect(ws.list("../")).rejects.toMatchObject({ code: "invalid-name" });
    });
  });
});

describe("NextcloudWorkspace contre le faux Nextcloud : pannes, en-têtes et identifiants", () => {
  let fake: FakeNextcloud;
  const sleeps: number[] = [];
  const workspace = (overrides: Partial<NextcloudWorkspaceOptions> = {}, server: FakeNextcloud = fake) =>
    new NextcloudWorkspace({
      baseUrl: server.baseUrl,
      user: server.user,
      appPassword: server.appPassword,
      ...SMALL_CHUNKS,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      now: () => NOW,
      ...overrides,
    });
  const requestsOf = (method: string) => fake.requests.filter((request) => request.method === method);

  beforeAll(async () => {
    fake = await startFakeNextcloud({ quotaBytes: 20 * MB });
    await workspace().ensureFolder("pannes");
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    sleeps.length = 0;
    fake.requests.length = 0;
  });

  it("un 429 avec Retry-After en secondes est réessayé après l'attente demandée, sur une horloge simulée", async () => {
    fake.failNext({ kind: "status", status: 429, retryAfter: "2" }, { method: "PUT" });
    const stored = await workspace().putNew("pannes/429.pdf", sourceOf(Buffer.from("ok")));
    expect(sleeps).toEqual([2000]);
    expect(requestsOf("PUT")).toHaveLength(2);
    expect(stored.fileId).toMatch(/^\d+$/);
  });

  it("un 503 avec Retry-After en date HTTP sur un PROPFIND (client webdav) est réessayé", async () => {
    fake.failNext(
      { kind: "status", status: 503, retryAfter: new Date(NOW + 5000).toUTCString() },
      { method: "PROPFIND" },
    );
    expect(await workspace().stat("pannes/absent.pdf")).toBeNull();
    expect(sleeps).toEqual([5000]);
    expect(requestsOf("PROPFIND")).toHaveLength(2);
  });

  it("un 429 sur un morceau renvoie ce morceau relu depuis la source, sans faire reculer la progression", async () => {
    fake.failNext(
      { kind: "status", status: 429, retryAfter: "1" },
      { method: "PUT", pathIncludes: "/uploads/", after: 1 },
    );
    const content = pattern(3 * MB + 7);
    const progress: number[] = [];
    await workspace().putNew("pannes/morceau-réessayé.pdf", sourceOf(content), {
      onProgress: (sent) => progress.push(sent),
    });
    expect(sleeps).toEqual([1000]);
    // The other chunks go on while 00002 waits: its second attempt comes after them or among them.
    const chunks = requestsOf("PUT").map((request) => request.path.split("/").at(-1));
    expect(chunks.slice(0, 2)).toEqual(["00001", "00002"]);
    expect(chunks.toSorted()).toEqual(["00001", "00002", "00002", "00003", "00004"]);
    expect(progress.every((sent, index) => index === 0 || sent > (progress[index - 1] ?? 0))).toBe(true);
    expect(progress.at(-1)).toBe(content.length);
    expect(sha256(await readAll(await workspace().read("pannes/morceau-réessayé.pdf")))).toBe(
      sha256(content),
    );
  });

  it("un Retry-After trop long n'est pas attendu : « rate-limited » remonte avec le délai", async () => {
    fake.failNext({ kind: "status", status: 429, retryAfter: "120" }, { method: "PUT" });
    await expect(workspace().putNew("pannes/long.pdf", sourceOf(Buffer.from("x")))).rejects.toMatchObject({
      code: "rate-limited",
      retryAfterMs: 120_000,
      status: 429,
    });
    expect(sleeps).toEqual([]);
    expect(requestsOf("PUT")).toHaveLength(1);
  });

  it("un 500, ou un 503 sans Retry-After, donne « unavailable » sans nouvel essai", async () => {
    fake.failNext({ kind: "status", status: 500 }, { method: "PUT" });
    await expect(workspace().putNew("pannes/500.pdf", sourceOf(Buffer.from("x")))).rejects.toMatchObject({
      code: "unavailable",
      status: 500,
    });
    fake.failNext({ kind: "status", status: 503 }, { method: "PROPFIND" });
    await expect(workspace().list("pannes")).rejects.toMatchObject({ code: "unavailable", status: 503 });
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it("un mauvais mot de passe d'application donne « auth » dès la première réponse, sans aucun nouvel essai", async () => {
    const wrong = workspace({ appPassword: "mauvais" });
    await expect(wrong.stat("pannes/x.pdf")).rejects.toMatchObject({ code: "auth", status: 401 });
    expect(fake.requests).toHaveLength(1);
    await expect(wrong.putNew("pannes/x.pdf", sourceOf(Buffer.from("x")))).rejects.toMatchObject({
      code: "auth",
    });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.headers.authorization).toMatch(/^Basic /);
    expect(sleeps).toEqual([]);
  });

  it("après trop d'essais, la protection contre la force brute (429 sans Retry-After) donne « auth », jamais réessayé", async () => {
    const guarded = await startFakeNextcloud({ bruteForceMaxAttempts: 3 });
    try {
      const wrong = workspace({ appPassword: "mauvais" }, guarded);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await expect(wrong.stat("x.pdf")).rejects.toMatchObject({ code: "auth", status: 401 });
      }
      await expect(wrong.stat("x.pdf")).rejects.toMatchObject({ code: "auth", status: 429 });
      const check = await workspace({}, guarded).checkConnection();
      expect(check).toMatchObject({ ok: false, code: "auth" });
      expect(check.ok === false && check.message).toContain("force brute");
      expect(guarded.requests).toHaveLength(5);
      expect(sleeps).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it("une connexion coupée pendant l'envoi donne « unavailable » et ne laisse aucun fichier partiel", async () => {
    fake.failNext({ kind: "drop", afterBodyBytes: 100_000 }, { method: "PUT" });
    await expect(workspace().putNew("pannes/coupé.pdf", sourceOf(pattern(600_000)))).rejects.toMatchObject({
      code: "unavailable",
    });
    await vi.waitFor(async () => {
      expect((await fake.diskTree()).filter((entry) => entry.includes("coupé"))).toEqual([]);
    }, 5_000);
    expect(await workspace().stat("pannes/coupé.pdf")).toBeNull();
  });

  it("l'échec d'un envoi par morceaux supprime le dossier d'envoi (DELETE)", async () => {
    fake.failNext({ kind: "status", status: 500 }, { method: "PUT", pathIncludes: "/uploads/", after: 1 });
    await expect(workspace().putNew("pannes/gros.pdf", sourceOf(pattern(3 * MB)))).rejects.toMatchObject({
      code: "unavailable",
      status: 500,
    });
    const deletes = fake.requests.filter((request) => request.method === "DELETE");
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.path).toMatch(/^\/remote\.php\/dav\/uploads\/alice\/ctg-bot-[0-9a-f-]{36}$/);
    expect(await fake.uploadFolders()).toEqual([]);
    expect(await workspace().stat("pannes/gros.pdf")).toBeNull();
  });

  it("un envoi par morceaux interrompu par l'utilisateur supprime aussi le dossier d'envoi", async () => {
    const controller = new AbortController();
    const attempt = workspace().putNew("pannes/annulé.pdf", sourceOf(pattern(3 * MB)), {
      signal: controller.signal,
      onProgress: (sent) => {
        if (sent > 1.5 * MB) controller.abort(new Error("annulé"));
      },
    });
    await expect(attempt).rejects.toThrow("annulé");
    expect(fake.requests.filter((request) => request.method === "DELETE")).toHaveLength(1);
    expect(await fake.uploadFolders()).toEqual([]);
  });

  it("chaque PUT annonce un Content-Length exact, jamais Transfer-Encoding: chunked (vu côté serveur)", async () => {
    await workspace().putNew("pannes/en-tête.pdf", sourceOf(pattern(300_000)));
    await workspace().putNew("pannes/en-tête-gros.pdf", sourceOf(pattern(2.5 * MB)));
    const puts = requestsOf("PUT");
    expect(
      puts.map((request) => [request.path.split("/").at(-1), request.headers["content-length"]]).toSorted(),
    ).toEqual([
      ["00001", String(MB)],
      ["00002", String(MB)],
      ["00003", String(0.5 * MB)],
      ["en-t%C3%AAte.pdf", "300000"],
    ]);
    for (const request of puts) expect(request.headers["transfer-encoding"]).toBeUndefined();
  });

  it("l'envoi par morceaux v2 suit le protocole : MKCOL avec Destination, morceaux 00001…, MOVE de .file", async () => {
    const size = 2.5 * MB;
    await workspace().putNew("pannes/Compte rendu (v2).pdf", sourceOf(pattern(size)));
    const uploads = fake.requests.filter((request) => request.path.startsWith("/remote.php/dav/uploads/"));
    // Chunks are sent concurrently: MKCOL comes first and MOVE last, the chunks in between in any order.
    const inOrder = [
      uploads[0],
      ...uploads.slice(1, -1).toSorted((a, b) => (a.path < b.path ? -1 : 1)),
      uploads.at(-1),
    ];
    expect(
      inOrder.map((request) => [request?.method, request?.path.replace(/ctg-bot-[0-9a-f-]{36}/, "ID")]),
    ).toEqual([
      ["MKCOL", "/remote.php/dav/uploads/alice/ID"],
      ["PUT", "/remote.php/dav/uploads/alice/ID/00001"],
      ["PUT", "/remote.php/dav/uploads/alice/ID/00002"],
      ["PUT", "/remote.php/dav/uploads/alice/ID/00003"],
      ["MOVE", "/remote.php/dav/uploads/alice/ID/.file"],
    ]);
    const destination = `${fake.baseUrl}/remote.php/dav/files/alice/pannes/Compte%20rendu%20(v2).pdf`;
    for (const request of uploads) expect(request.headers.destination).toBe(destination);
    for (const request of uploads.slice(1)) expect(request.headers["oc-total-length"]).toBe(String(size));
    expect(uploads.at(-1)?.headers.overwrite).toBe("F");
    expect(uploads.at(-1)?.headers["if-none-match"]).toBeUndefined();
    expect(await fake.uploadFolders()).toEqual([]);
  });

  it("un gros fichier vers un nom déjà pris est refusé avant d'envoyer le moindre morceau", async () => {
    await workspace().putNew("pannes/pris.pdf", sourceOf(Buffer.from("déjà là")));
    fake.requests.length = 0;
    await expect(workspace().putNew("pannes/pris.pdf", sourceOf(pattern(2 * MB)))).rejects.toMatchObject({
      code: "exists",
    });
    expect(fake.requests.filter((request) => request.path.includes("/uploads/"))).toEqual([]);
  });

  it("l'identifiant vient de l'en-tête OC-FileId, sinon d'un PROPFIND, et l'URL est /index.php/f/<id>", async () => {
    const stored = await workspace().putNew("pannes/identifiant.pdf", sourceOf(Buffer.from("id")));
    expect(stored.fileId).toMatch(/^[1-9]\d*$/);
    expect(stored.url).toBe(`${fake.baseUrl}/index.php/f/${stored.fileId}`);
    expect(requestsOf("PROPFIND")).toHaveLength(0);
    expect((await workspace().stat("pannes/identifiant.pdf"))?.fileId).toBe(stored.fileId);

    const bare = await startFakeNextcloud({ fileIdHeader: false });
    try {
      const viaPropfind = await workspace({}, bare).putNew("identifiant.pdf", sourceOf(Buffer.from("id")));
      expect(bare.requests.map((request) => [request.method, request.headers.depth])).toEqual([
        ["PUT", undefined],
        ["PROPFIND", "0"],
      ]);
      expect(viaPropfind.fileId).toMatch(/^[1-9]\d*$/);
      expect(viaPropfind.url).toBe(`${bare.baseUrl}/index.php/f/${viaPropfind.fileId}`);
    } finally {
      await bare.close();
    }
  });

  it("ensureFolder envoie un MKCOL par dossier : 409 fait créer le parent d'abord, 405 veut dire qu'il existe", async () => {
    await workspace().ensureFolder("arbre/a/b");
    const root = "/remote.php/dav/files/alice";
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `MKCOL ${root}/arbre/a/b/`,
      `MKCOL ${root}/arbre/a/`,
      `MKCOL ${root}/arbre/`,
      `MKCOL ${root}/arbre/a/`,
      `MKCOL ${root}/arbre/a/b/`,
    ]);
    fake.requests.length = 0;
    await workspace().ensureFolder("arbre/a/b");
    expect(fake.requests.map((request) => request.method)).toEqual(["MKCOL"]);
  });

  it("un quota dépassé (507) donne « too-large » et le dossier d'envoi est supprimé", async () => {
    const tooBig: UploadSource = { size: 25 * MB, open: () => Readable.from([Buffer.alloc(25 * MB)]) };
    await expect(workspace().putNew("pannes/énorme.pdf", tooBig)).rejects.toMatchObject({
      code: "too-large",
      status: 507,
    });
    expect(await fake.uploadFolders()).toEqual([]);
  });

  it("un nom refusé par Nextcloud (400, extension .part) donne « invalid-name »", async () => {
    await expect(workspace().putNew("pannes/fichier.part", sourceOf(Buffer.from("x")))).rejects.toMatchObject(
      {
        code: "invalid-name",
        status: 400,
      },
    );
  });

  it("checkConnection interroge OCS cloud/user avec OCS-APIRequest et explique les échecs en français", async () => {
    expect(await workspace().checkConnection()).toEqual({ ok: true, user: "alice" });
    expect(fake.requests.at(-1)?.path).toBe("/ocs/v2.php/cloud/user?format=json");
    expect(fake.requests.at(-1)?.headers["ocs-apirequest"]).toBe("true");

    const wrong = await workspace({ appPassword: "mauvais" }).checkConnection();
    expect(wrong).toMatchObject({ ok: false, code: "auth" });
    expect(wrong.ok === false && wrong.message).toContain("NEXTCLOUD_APP_PASSWORD");

    const closed = await workspace({ baseUrl: "http://127.0.0.1:9" }).checkConnection();
    expect(closed).toMatchObject({ ok: false, code: "unavailable" });
    expect(closed.ok === false && closed.message).toContain("NEXTCLOUD_URL");
  });
});

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
