import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { renderText } from "../../src/chat/render-text.ts";
import { loadConfig } from "../../src/config/config.ts";
import { withLog } from "../../src/core/log.ts";
import { loadFilingLexicon } from "../../src/filing/filing-lexicon.ts";
import { retrySpooledOnce } from "../../src/filing/filing-loop.ts";
import { FilingService } from "../../src/filing/filing-service.ts";
import { Spool } from "../../src/filing/spool.ts";
import { rulesLoader } from "../../src/filing/territory-rules.ts";
import { createLogger } from "../../src/ops/logger.ts";
import { PrismaFilingRepository } from "../../src/store/prisma-filing-repository.ts";
import { NextcloudWorkspace } from "../../src/workspace/nextcloud/nextcloud-workspace.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeNextcloud, startFakeNextcloud } from "../helpers/fake-nextcloud/index.ts";

/** Wednesday 13 March 2024, 10:00 in Paris: "hier" is the 12th. */
const NOW = new Date("2024-03-13T09:00:00Z");

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function attachment(
  name: string,
  content: string | Buffer,
  size: number | null = Buffer.byteLength(content),
) {
  return { name, size, mimeType: null, open: () => Readable.from([Buffer.from(content)]) };
}

describe("filing documents posted in chat (local workspace, embedded database)", () => {
  let testDb: TestDatabase;
  let dir: string;
  let app: App;
  const workspaceDir = () => path.join(dir, "espace");
  const spoolDir = () => path.join(dir, "data", "spool");

  async function post(
    file: ReturnType<typeof attachment>,
    message: string,
    kind: "question" | "command" = "question",
  ) {
    const result = await app.dispatch({
      kind,
      text: message,
      platform: "console",
      channelId: "canal-agen",
      userId: "referente",
      receivedAt: NOW,
      files: [file],
    });
    return { result, text: "reply" in result ? renderText(result.reply, "/ctg").text : "" };
  }
  const send = async (command: string) => {
    const result = await app.dispatch({
      kind: "command",
      text: command,
      platform: "console",
      channelId: "canal-agen",
      userId: "referente",
      receivedAt: NOW,
    });
    return "reply" in result ? renderText(result.reply, "/ctg").text : "";
  };

  beforeAll(async () => {
    testDb = await createPgliteDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-filing-"));
    app = await createApp(
      loadConfig({
        DATA_DIR: path.join(dir, "data"),
        ...(testDb.url ? { DATABASE_URL: testDb.url } : { DATA_DIR: testDb.dataDir }),
        WORKSPACE_DIR: workspaceDir(),
        FILING_MAX_MB: "1",
      }),
      { clock: () => NOW },
    );
    await app.repo.bindChannel("console", "canal-agen", "agen");
  });

  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await app.db.prisma.filedDocument.deleteMany();
    await app.db.prisma.filingCorrection.deleteMany();
    await rm(workspaceDir(), { recursive: true, force: true });
  });

  it("un CR posté avec « CR du COPIL d'hier » est rangé dans le dossier du COPIL de l'année, avec un lien", async () => {
    const { result, text } = await post(
      attachment("compte-rendu.txt", "Relevé des échanges"),
      "CR du COPIL d'hier",
    );
    expect(result.status).toBe("ok");
    expect(text).toContain("Rangé : 03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.txt");
    expect(text).toContain("file://");
    expect(await filesUnder(workspaceDir())).toEqual([
      "03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.txt",
    ]);
    expect(
      await readFile(
        path.join(workspaceDir(), "03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.txt"),
        "utf8",
      ),
    ).toBe("Relevé des échanges");
    expect(await send("docs COPIL")).toContain(
      "03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.txt",
    );
    expect(await send("docs comité technique")).toContain("Aucun document rangé — COTECH");
    expect(await send("docs Boé")).toContain("Aucun document rangé — Boé");
    expect(await filesUnder(spoolDir())).toEqual([]);
  });

  it("le même contenu posté deux fois n'est rangé qu'une fois ; un autre contenu du même nom reçoit « (2) »", async () => {
    await post(attachment("cr.txt", "version 1"), "CR du COPIL d'hier");
    const again = await post(attachment("autre-nom.txt", "version 1"), "CR du COPIL d'hier");
    expect(again.text).toContain("déjà rangé (même contenu)");
    const other = await post(attachment("cr.txt", "version 2"), "CR du COPIL d'hier");
    expect(other.text).toContain("COPIL (2).txt");
    const files = await filesUnder(workspaceDir());
    expect(files).toEqual([
      "03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL (2).txt",
      "03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.txt",
    ]);
    expect(await readFile(path.join(workspaceDir(), files[1] ?? ""), "utf8")).toBe("version 1");
  });

  it.each([
    ["../../etc/passwd", "passwd"],
    ["..", ""],
    [".bashrc", ""],
    ["rapport:final.pdf", ""],
    ["rapport.pdf ", ""],
  ])("refuse le nom « %s » sans rien écrire", async (name) => {
    const { result, text } = await post(attachment(name, "contenu"), "CR du COPIL");
    expect(result.status).toBe("ok");
    expect(text).not.toContain("Rangé");
    expect(text.length).toBeGreaterThan(10);
    expect(await filesUnder(workspaceDir())).toEqual([]);
    expect(await filesUnder(spoolDir())).toEqual([]);
  });

  it("refuse un fichier vide et un fichier trop gros (même de taille annoncée inconnue), sans rien laisser", async () => {
    expect((await post(attachment("vide.pdf", ""), "CR du COPIL")).text).toContain("est vide");
    const big = Buffer.alloc(1_500_000, 97);
    expect((await post(attachment("gros.pdf", big, null), "CR du COPIL")).text).toContain(
      "dépasse la taille maximale (1 Mo)",
    );
    expect((await post(attachment("gros2.pdf", big), "CR du COPIL")).text).toContain(
      "dépasse la taille maximale",
    );
    expect(await filesUnder(workspaceDir())).toEqual([]);
    expect(await filesUnder(spoolDir())).toEqual([]);
    expect(await app.db.prisma.filedDocument.count()).toBe(0);
  });

  it("un document incertain attend dans « A classer », un choix le range, et le bot s'en souvient", async () => {
    const first = await post(attachment("note interne equipe janvier.pdf", "%PDF-rien"), "");
    expect(first.text).toContain("A classer/");
    const parked = await app.db.prisma.filedDocument.findFirstOrThrow();
    expect(parked.status).toBe("parked");
    const moved = await send(`deplacer ${parked.id.slice(0, 8)} 05 Communes/Boé`);
    expect(moved).toContain("Déplacé : 05 Communes/Boé/");
    expect((await filesUnder(workspaceDir())).every((f) => f.startsWith("05 Communes/Boé/"))).toBe(true);
    const second = await post(attachment("note interne equipe fevrier.pdf", "%PDF-autre"), "");
    expect(second.text).toContain("Rangé : 05 Communes/Boé/");
  });

  it("« ranger --simuler » montre la destination sans rien écrire", async () => {
    const { text } = await post(
      attachment("odj.txt", "Ordre du jour"),
      "ranger ODJ du COTECH --simuler",
      "command",
    );
    expect(text).toContain("Simulation");
    expect(text).toContain("COTECH");
    expect(await filesUnder(workspaceDir())).toEqual([]);
    expect(await app.db.prisma.filedDocument.count()).toBe(0);
  });

  it("les valeurs par défaut d'un canal servent quand ni le message ni le fichier ne disent rien", async () => {
    expect(await send("ranger par-defaut")).toContain("Aucune valeur par défaut");
    expect(await send("ranger par-defaut compte rendu du COTECH")).toContain("Compte rendu, COTECH");
    expect(await send("ranger par-defaut")).toContain(
      "Par défaut, les fichiers déposés ici sont : Compte rendu, COTECH.",
    );
    const { text } = await post(attachment("notes de séance.txt", "Présents : …"), "");
    expect(text).toContain("Rangé : 03 Instances/COTECH/2024/");
    // What the message says still wins.
    const copil = await post(attachment("autres notes.txt", "Présents : … (bis)"), "CR du COPIL d'hier");
    expect(copil.text).toContain("Rangé : 03 Instances/COPIL/2024/");
    expect(await send("ranger par-defaut xyzzy plugh")).toContain("Je ne reconnais ni type");
    expect(await send("ranger par-defaut")).toContain("Compte rendu, COTECH");
    expect(await send("ranger par-defaut aucun")).toContain("effacées");
    expect(await send("ranger par-defaut")).toContain("Aucune valeur par défaut");
  });

  it("« ranger » sans fichier joint explique quoi faire", async () => {
    expect(await send("ranger CR du COPIL")).toContain("Joignez le fichier");
  });
});

describe("filing when Nextcloud is down (fake Nextcloud over HTTP)", () => {
  let testDb: TestDatabase;
  let dir: string;
  let nextcloud: FakeNextcloud;
  let app: App;
  const posted: { channelId: string; text: string }[] = [];
  /** The fake clock: only the test moves it. */
  let now = NOW;

  beforeAll(async () => {
    testDb = await createPgliteDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-filing-nc-"));
    nextcloud = await startFakeNextcloud();
    app = await createApp(
      loadConfig({ DATA_DIR: testDb.dataDir ?? path.join(dir, "data"), SEED_DEMO: "true" }),
      {
        clock: () => now,
        // Retry delays without their jitter: 1 min, 2 min… exactly.
        random: () => 1,
        workspace: new NextcloudWorkspace({
          baseUrl: nextcloud.baseUrl,
          user: nextcloud.user,
          appPassword: nextcloud.appPassword,
          sleep: async () => {},
        }),
      },
    );
    await app.repo.bindChannel("console", "canal-agen", "agen");
  });

  afterAll(async () => {
    await app?.close();
    await nextcloud?.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("garde le fichier, prévient, puis le range et l'annonce quand Nextcloud revient", async () => {
    // Its first answer is a 503 (no Retry-After): the bot must not lose the file.
    nextcloud.failNext({ kind: "status", status: 503 }, { count: 1 });
    const result = await app.dispatch({
      kind: "question",
      text: "CR du COPIL d'hier",
      platform: "console",
      channelId: "canal-agen",
      userId: "referente",
      receivedAt: NOW,
      files: [attachment("cr.txt", "compte rendu")],
    });
    const text = "reply" in result ? renderText(result.reply, "/ctg").text : "";
    expect(text).toContain("ne répond pas");
    expect(text).toContain("gardé en lieu sûr");
    expect(await nextcloud.diskTree()).toEqual([]);
    const doc = await app.db.prisma.filedDocument.findFirstOrThrow();
    expect(doc.status).toBe("spooled");

    // Not yet time to try again: nothing happens.
    const post = async (_platform: string, channelId: string, reply: Parameters<typeof renderText>[0]) => {
      posted.push({ channelId, text: renderText(reply, "/ctg").text });
    };
    expect(await retrySpooledOnce(app.filing, post)).toBe(0);
    // A minute later Nextcloud answers again.
    now = new Date(now.getTime() + 61_000);
    expect(await retrySpooledOnce(app.filing, post)).toBe(1);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.channelId).toBe("canal-agen");
    expect(posted[0]?.text).toContain("est de retour");
    expect(posted[0]?.text).toContain("/index.php/f/");
    expect(
      (await nextcloud.diskTree()).some((p) => p.endsWith("2024-03-12 - Compte rendu - COPIL.txt")),
    ).toBe(true);
    expect(await app.db.prisma.filedDocument.findFirstOrThrow()).toMatchObject({
      status: "filed",
      spoolPath: null,
    });
  });

  it("plusieurs réplicas : un document en attente est rangé une seule fois, par un réplica qui voit sa copie", async () => {
    nextcloud.failNext({ kind: "status", status: 503 }, { count: 1 });
    await app.dispatch({
      kind: "question",
      text: "relevé de décisions du COPIL d'hier",
      platform: "console",
      channelId: "canal-agen",
      userId: "referente",
      receivedAt: now,
      files: [attachment("releve.txt", "relevé de décisions")],
    });
    const doc = await app.db.prisma.filedDocument.findFirstOrThrow({ where: { originalName: "releve.txt" } });
    expect(doc.status).toBe("spooled");
    // Two more processes on the same database and workspace: one shares the spool's volume, the
    // other has its own (misconfigured: it must leave the document alone).
    const lexicon = await loadFilingLexicon();
    const replica = (spoolDir: string) =>
      new FilingService({
        workspace: new NextcloudWorkspace({
          baseUrl: nextcloud.baseUrl,
          user: nextcloud.user,
          appPassword: nextcloud.appPassword,
          sleep: async () => {},
        }),
        repo: new PrismaFilingRepository(app.db.prisma),
        knowledge: app.knowledge,
        rulesFor: rulesLoader(),
        lexicon,
        spool: new Spool(spoolDir),
        maxBytes: 1024 * 1024,
        clock: () => now,
      });
    const sharing = replica(path.dirname(doc.spoolPath ?? ""));
    const elsewhere = replica(path.join(dir, "autre-spool"));
    now = new Date(now.getTime() + 61_000);
    // The replica that cannot see the copy says so once, not at every minute's round.
    const warned: string[] = [];
    const recorder = createLogger({
      level: "warn",
      destination: { write: (line) => void warned.push(line) },
    });
    for (let round = 0; round < 3; round += 1) {
      expect(await withLog(recorder, () => retrySpooledOnce(elsewhere, async () => {}))).toBe(0);
    }
    const notHere = expect.objectContaining({
      event: "filing.retry",
      document: doc.id,
      outcome: "copy-not-here",
    });
    expect(warned.map((line) => JSON.parse(line))).toEqual([notHere]);
    // An hour later it looks again (a volume may have been mounted meanwhile), and says so again.
    now = new Date(now.getTime() + 3_600_000);
    expect(await withLog(recorder, () => retrySpooledOnce(elsewhere, async () => {}))).toBe(0);
    expect(warned.map((line) => JSON.parse(line))).toEqual([notHere, notHere]);
    // The first replica's upload is slow; meanwhile the second one's minute comes.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      nextcloud.failNext(
        { kind: "hold", until: new Promise<void>((r) => (release = r)), onHeld: resolve },
        { method: "PUT" },
      );
    });
    const first = retrySpooledOnce(app.filing, async () => {});
    await held;
    expect(await retrySpooledOnce(sharing, async () => {})).toBe(0);
    release();
    expect(await first).toBe(1);
    const copies = (await nextcloud.diskTree()).filter((p) => p.includes("Relevé de décisions"));
    expect(copies).toHaveLength(1);
    expect(copies[0]).not.toContain("(2)");
    expect(await app.db.prisma.filedDocument.findUniqueOrThrow({ where: { id: doc.id } })).toMatchObject({
      status: "filed",
      spoolPath: null,
    });
  });

  it("un document dont la copie n'est plus là n'empêche pas de ranger ceux qui attendent après lui", async () => {
    const spool = async (name: string, message: string) => {
      nextcloud.failNext({ kind: "status", status: 503 }, { count: 1 });
      await app.dispatch({
        kind: "question",
        text: message,
        platform: "console",
        channelId: "canal-agen",
        userId: "referente",
        receivedAt: now,
        files: [attachment(name, `contenu de ${name}`)],
      });
      return app.db.prisma.filedDocument.findFirstOrThrow({ where: { originalName: name } });
    };
    const lost = await spool("perdu.txt", "ordre du jour du COTECH");
    now = new Date(now.getTime() + 1_000);
    const waiting = await spool("attend.txt", "feuille d'émargement du COPIL d'hier");
    expect([lost.status, waiting.status]).toEqual(["spooled", "spooled"]);
    // The first one's copy is gone (a volume that was not restored, say).
    await rm(lost.spoolPath ?? "");
    now = new Date(now.getTime() + 61_000);
    // One document per round: the first round meets the lost copy, the next one places the other.
    expect(await app.filing.retrySpooled(1)).toEqual({ placed: [], waiting: [] });
    const next = await app.filing.retrySpooled(1);
    expect(next.placed.map((doc) => doc.id)).toEqual([waiting.id]);
    expect(await app.db.prisma.filedDocument.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({
      status: "spooled",
    });
  });

  it("un refus définitif de Nextcloud (quota) est expliqué, le fichier gardé et pas réessayé en boucle", async () => {
    nextcloud.failNext({ kind: "status", status: 507 }, { method: "PUT" });
    const result = await app.dispatch({
      kind: "question",
      text: "ODJ du COTECH",
      platform: "console",
      channelId: "canal-agen",
      userId: "referente",
      receivedAt: now,
      files: [attachment("odj.txt", "ordre du jour")],
    });
    const text = "reply" in result ? renderText(result.reply, "/ctg").text : "";
    expect(text).toContain("trop volumineux");
    const doc = await app.db.prisma.filedDocument.findFirstOrThrow({ where: { originalName: "odj.txt" } });
    expect(doc).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(doc.spoolPath).not.toBeNull();
    now = new Date(now.getTime() + 86_400_000);
    expect(await retrySpooledOnce(app.filing, async () => {})).toBe(0);
  });
});
