import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FileContent, writeRealFile } from "../../bench/lib/real-files.ts";
import { type App, createApp } from "../../src/app.ts";
import { renderText } from "../../src/chat/render-text.ts";
import { loadConfig } from "../../src/config/config.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

/**
 * The kinds of documents issue 17 lists, posted as a référent would (real files, names like
 * « scan0042.pdf », no message or a few words), filed through the app the console talks to.
 */
describe("filing reads the document and knows the plan", () => {
  let testDb: TestDatabase;
  let dir: string;
  let app: App;
  let now = new Date("2024-03-07T09:00:00Z");
  const workspaceDir = () => path.join(dir, "espace");

  async function post(channel: string, name: string, content: FileContent | undefined, message = "") {
    const bytes = Buffer.from(await writeRealFile(name, content));
    const result = await app.dispatch({
      kind: "question",
      text: message,
      platform: "console",
      channelId: channel,
      userId: "referente",
      receivedAt: now,
      files: [{ name, size: bytes.length, mimeType: null, open: () => Readable.from([bytes]) }],
    });
    return "reply" in result ? renderText(result.reply, "/ctg").text : "";
  }
  const send = async (channel: string, text: string) => {
    const result = await app.dispatch({
      kind: "command",
      text,
      platform: "console",
      channelId: channel,
      userId: "referente",
      receivedAt: now,
    });
    return "reply" in result ? renderText(result.reply, "/ctg").text : "";
  };
  const filesUnder = async (): Promise<string[]> =>
    (await readdir(workspaceDir(), { recursive: true, withFileTypes: true }).catch(() => []))
      .filter((e) => e.isFile())
      .map((e) => path.relative(workspaceDir(), path.join(e.parentPath, e.name)))
      .sort();

  beforeAll(async () => {
    testDb = await createPgliteDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-filing-content-"));
    app = await createApp(
      loadConfig({
        DATA_DIR: path.join(dir, "data"),
        ...(testDb.url ? { DATABASE_URL: testDb.url } : { DATA_DIR: testDb.dataDir }),
        WORKSPACE_DIR: workspaceDir(),
      }),
      { clock: () => now },
    );
    await app.repo.bindChannel("console", "agen", "agen");
    await app.repo.bindChannel("console", "vendee", "vendee-sevre-autise");
    await app.repo.bindChannel("console", "golfe", "golfe-morbihan-vannes");
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await app.db.prisma.filedDocument.deleteMany();
    await rm(workspaceDir(), { recursive: true, force: true });
  });

  it("un tableur des tarifs ALSH avec « harmonisation des ALSH » va dans la fiche de l'harmonisation de l'offre ALSH", async () => {
    const reply = await post(
      "agen",
      "tableau tarifs alsh v3 FINAL.xlsx",
      {
        feuilles: [
          {
            nom: "Tarifs 2024",
            lignes: [
              ["Commune", "ALSH", "Journée QF < 600"],
              ["Layrac", "ALSH municipal", 6.5],
            ],
          },
        ],
      },
      "harmonisation des ALSH",
    );
    expect(reply).toContain(
      "Rangé : 02 Plan d'actions/Axe 1 - Équité territoriale/Action 2 - Tendre vers une harmonisation",
    );
  });

  it("un PDF scanné puis lu par OCR, sans nom ni message, est rangé comme si son nom disait « CR du COTECH du 5 mars 2024 »", async () => {
    const reply = await post("agen", "scan0042.pdf", {
      pages: [
        [
          "Compte rendu du comité technique du 5 mars 2024",
          "Présents : la chargée de coopération CTG, la Caf",
        ],
      ],
    });
    expect(reply).toContain("Rangé : 03 Instances/COTECH/2024/2024-03-05 - Compte rendu - COTECH.pdf");
  });

  it("un DOCX sans titre dont les premières lignes le disent, de même", async () => {
    const reply = await post("agen", "Document1.docx", {
      paragraphes: ["Compte rendu du comité technique du 5 mars 2024", "Ordre du jour : point d'étape"],
    });
    expect(reply).toContain("Rangé : 03 Instances/COTECH/2024/2024-03-05 - Compte rendu - COTECH.docx");
  });

  it("« Bilan annuel CTG 2023 » déposé en février 2024 va sous 2023", async () => {
    now = new Date("2024-02-12T09:00:00Z");
    const reply = await post("agen", "Bilan annuel CTG 2023.pdf", { pages: [["Bilan annuel 2023"]] });
    expect(reply).toContain("Rangé : 06 Évaluation/2023/");
    now = new Date("2024-03-07T09:00:00Z");
  });

  it("une feuille d'émargement en ODS et une présentation en ODP sont lues", async () => {
    const sheet = await post("agen", "Classeur1.ods", {
      feuilles: [
        {
          nom: "Émargement",
          lignes: [["Groupe de travail jeunesse du 18/04/2024"], ["Nom", "Structure", "Signature"]],
        },
      ],
    });
    expect(sheet).toContain(
      "Rangé : 03 Instances/Groupes de travail/Jeunesse/2024/2024-04-18 - Feuille d'émargement",
    );
    const slides = await post("agen", "diapo.odp", {
      diapos: [{ titre: "COPIL du 12 mars 2024", texte: ["Point d'étape de la CTG"] }],
    });
    expect(slides).toContain("Rangé : 03 Instances/COPIL/2024/2024-03-12 - Présentation - COPIL.odp");
  });

  it("une archive de photos est rangée d'un bloc, sans être ouverte, là où ses noms la placent", async () => {
    const reply = await post("agen", "photos.zip", {
      fichiers: [
        "Village engagement citoyen Pont-du-Casse/IMG_0412.JPG",
        "Village engagement citoyen Pont-du-Casse/chantier jeunes - fresque.JPG",
      ],
    });
    expect(reply).toContain("Rangé : 02 Plan d'actions/Axe 2 - ");
    expect(reply).toContain("/Action 5 - ");
    const files = await filesUnder();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.zip$/);
  });

  it("une photo prise le jour d'une journée ressources du plan va dans le dossier de cette journée", async () => {
    now = new Date("2027-04-16T08:00:00Z");
    const reply = await post("golfe", "DSC_0032.JPG", { exif: { date: "2027-04-15T11:20" } });
    expect(reply).toContain(
      "Rangé : 04 Journées ressources/2027-04-15 - Journée ressources (printemps 2027)/",
    );
    now = new Date("2024-03-07T09:00:00Z");
  });

  it("le CR de la commission qu'une fiche a pour sujet reste avec la commission et se retrouve sous la fiche", async () => {
    now = new Date("2022-11-10T09:00:00Z");
    const reply = await post("vendee", "CR commission EJ 8 nov.docx", {
      paragraphes: ["Commission enfance jeunesse du 8 novembre 2022", "Compte rendu"],
    });
    expect(reply).toContain("Rangé : 03 Instances/Commissions/Enfance jeunesse/2022/");
    expect(await send("vendee", "docs action 2.2")).toContain("2022-11-08 - Compte rendu");
    now = new Date("2024-03-07T09:00:00Z");
  });

  it("une présentation de job dating sans message : la fiche sur les métiers de la petite enfance est proposée", async () => {
    const reply = await post("agen", "Présentation1.pptx", {
      diapos: [
        { titre: "Job dating petite enfance", texte: ["Rencontrer les employeurs des crèches"] },
        { titre: "Les métiers de la petite enfance", texte: ["Auxiliaire de puériculture, CAP AEPE"] },
      ],
    });
    expect(reply).toMatch(/Action 9 - Former et promouvoir les métiers de la petite enfance/);
  });
});
