import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";
import { runCli } from "../helpers/run-cli.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

const cli = runCli;

describe("ctg-bot command line", () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ctg-cli-"));
    env = { DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints Agen's action 11 with --eval and exits", async () => {
    const { code, stdout } = await cli(["console", "--territoire", "agen", "--eval", "/ctg action 11"], env);
    expect(code).toBe(0);
    expect(stdout).toContain("Action 11 — Accueillir en structure et renforcer l'accueil individualisé");
    expect(stdout).toContain("2023-2027 : déploiement");
  });

  it("handles lines piped on standard input and exits at the end of input", async () => {
    const { code, stdout } = await cli(
      ["start"],
      env,
      "/ctg territoire agen\n/ctg actions axe 4\nquand est le copil ?\n",
    );
    expect(code).toBe(0);
    expect(stdout).toContain("Ce canal est maintenant rattaché au territoire Agglomération d'Agen.");
    expect(stdout).toContain("13. Développer les postes spécifiques");
    expect(stdout).toContain("Mardi 15 décembre 2026 à 10 h — Comité de pilotage");
  });

  it("answers a question as JSON: intent, refs best first, text", async () => {
    const { code, stdout } = await cli(
      ["ask", "qui pilote l'action 2 ?", "--territoire", "agen", "--now", "2026-11-22", "--json"],
      env,
    );
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(Object.keys(answer).sort()).toEqual(["intent", "refs", "text"]);
    expect(answer.intent).toBe("who");
    expect(answer.refs).toEqual([{ type: "action", id: "2" }]);
    expect(answer.text).toContain("Pilote : Chargé de coopération CTG");
    const unknown = await cli(
      ["ask", "qui pilote l'action 2 ?", "--territoire", "nulle-part", "--json"],
      env,
    );
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error.code).toBe("unknown-territory");
    expect(unknown.stderr).toContain("Territoire inconnu : « nulle-part »");
  });

  it("previews the reminders of a window as JSON, sending nothing", async () => {
    const { code, stdout, stderr } = await cli(
      ["rappels", "--territoire", "agen", "--du", "2026-12-01", "--au", "2026-12-03", "--dry-run", "--json"],
      env,
    );
    expect(code).toBe(0);
    expect(stderr).toContain("Aucun canal n'est abonné aux rappels de l'Agglomération d'Agen");
    const items = JSON.parse(stdout) as Record<string, string>[];
    expect(items.every((i) => Object.keys(i).sort().join() === "at,channel,key,kind,ref,text")).toBe(true);
    const j2 = items.find((i) => i.key === "event:2026-12-03:J-2:apercu:agen");
    expect(j2).toMatchObject({
      at: "2026-12-01T09:00:00.000+01:00",
      channel: "apercu:agen",
      kind: "event",
      ref: "2026-12-03",
    });
    expect(j2?.text).toContain("jeudi 3 décembre 2026");
    const bad = await cli(
      ["rappels", "--territoire", "agen", "--du", "2026-02-30", "--au", "2026-03-01", "--dry-run"],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--du attend une date qui existe");
  });

  it("says where a document would be filed, as JSON, writing nothing; then files it", async () => {
    const file = path.join(dir, "délib Boé.txt");
    await writeFile(file, "Délibération du conseil municipal de Boé\nSéance du 12 mars 2024\n");
    const workspace = path.join(dir, "espace");
    const withWorkspace = { ...env, WORKSPACE_DIR: workspace };
    const args = [
      "ranger",
      file,
      "--territoire",
      "agen",
      "--message",
      "délibération Boé",
      "--now",
      "2024-03-13",
    ];
    const { code, stdout } = await cli([...args, "--dry-run", "--json"], withWorkspace);
    expect(code).toBe(0);
    const preview = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(preview).sort().join()).toBe(
      "action,ask,commune,confidence,date,destination,instance,reasons,type",
    );
    expect(preview).toMatchObject({ type: "deliberation", commune: "Boé", date: "2024-03-12", ask: false });
    expect(preview.destination).toMatch(/^05 Communes\/Boé\/2024-03-12 - Délibération/);
    expect(await readdir(workspace).catch(() => [])).toEqual([]);

    const filed = await cli([...args, "--json"], withWorkspace);
    expect(filed.code).toBe(0);
    expect(JSON.parse(filed.stdout)).toMatchObject({ status: "filed", path: preview.destination });
    const bad = await cli(
      ["ranger", path.join(dir, "absent.pdf"), "--territoire", "agen", "--dry-run"],
      withWorkspace,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Fichier introuvable");
  });

  it("reads an échéancier to JSON without opening a database", async () => {
    const { code, stdout, stderr } = await cli(
      ["echeance", "2023 : Mise en place d'un protocole d'action 2023-2027 : déploiement", "--json"],
      { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", DATA_DIR: "/nonexistent/never" },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const milestones = JSON.parse(stdout);
    expect(milestones).toHaveLength(2);
    expect(milestones.map((m: Record<string, unknown>) => Object.keys(m).sort())).toEqual([
      ["confidence", "end", "label", "precision", "start", "text"],
      ["confidence", "end", "label", "precision", "start", "text"],
    ]);
    expect(milestones[1]).toMatchObject({ start: "2023-01-01", end: "2027-12-31", precision: "range" });
  });

  it("refuses an invalid plan file, naming the line and field, and imports nothing", async () => {
    const bad = path.join(dir, "mauvais.yaml");
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(
        bad,
        "territoire:\n  slug: essai\n  nom: Essai\nactions:\n  - numero: '1'\n    titre: X\n    statut: fini\n",
      ),
    );
    const { code, stderr } = await cli(["import", bad], env);
    expect(code).toBe(1);
    expect(stderr).toContain("mauvais.yaml, ligne 7, champ « actions[0].statut »");
    expect(stderr).toContain("Import annulé");
  });

  it("imports twice without changes and exports the same plan", async () => {
    const file = path.join(ROOT, "prisma/plans/vendee-sevre-autise.yaml");
    const first = await cli(["import", file, "--json"], env);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout)[0];
    expect(report.territoryCreated).toBe(false);
    expect(report.collections.actions.created).toEqual([]);
    expect(report.collections.actions.unchanged).toBe(19);
    const exported = await cli(["export", "vendee-sevre-autise"], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("slug: vendee-sevre-autise");
    const unknown = await cli(["export", "nulle-part"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Territoire inconnu : « nulle-part »");
  });

  it("doctor reports the embedded database and what is not configured", async () => {
    const { code, stdout } = await cli(["doctor", "--json"], env);
    expect(code).toBe(0);
    const checks = JSON.parse(stdout) as { name: string; status: string }[];
    expect(checks.find((c) => c.name === "base de données")?.status).toBe("ok");
    expect(checks.find((c) => c.name === "Slack")?.status).toBe("skipped");
  });

  it("refuses a bad configuration with the variable's name", async () => {
    const { code, stderr } = await cli(["console", "--eval", "/ctg aide"], {
      ...env,
      DATABASE_URL: "mysql://x",
    });
    expect(code).toBe(78);
    expect(stderr).toContain("DATABASE_URL : DATABASE_URL doit commencer par postgresql://");
  });
});

describe("two bot processes starting at once on PostgreSQL", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createPostgresDatabase();
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("both answer, the schema and the demo data are created once", async () => {
    const env = { DATABASE_URL: testDb.url ?? "", DATA_DIR: "/nonexistent" };
    const [a, b] = await Promise.all([
      cli(["console", "--territoire", "agen", "--eval", "/ctg action 11"], env),
      cli(["console", "--territoire", "agen", "--eval", "/ctg action 12"], env),
    ]);
    expect(a?.stderr).toBe("");
    expect(b?.stderr).toBe("");
    expect(a?.stdout).toContain("Action 11 — ");
    expect(b?.stdout).toContain("Action 12 — Former tous les professionnels à l'inclusion");
    const { stdout } = await run("psql", [testDb.url ?? "", "-Atc", "select count(*) from territory"]);
    expect(stdout.trim()).toBe("5");
  });
});
