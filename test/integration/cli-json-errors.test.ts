import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { runCli } from "../helpers/run-cli.ts";

/** Runs `ctg-bot ARGS…` in this process with `env` set for the call; stdout and stderr as lines. */
async function call(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await main(args, io);
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Exactly one JSON object on stdout, `{"error": {"code", "message"}}`, the message also on stderr. */
function expectJsonError(
  result: { code: number; out: string[]; err: string[] },
  code: string,
  words: string,
) {
  expect(result.code).not.toBe(0);
  expect(result.out).toHaveLength(1);
  const parsed = JSON.parse(result.out[0] ?? "");
  expect(Object.keys(parsed)).toEqual(["error"]);
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message).toContain(words);
  expect(result.err.join("\n")).toContain(parsed.error.message);
}

describe("every --json command prints one JSON object when it fails", () => {
  let dir: string;
  let env: Record<string, string>;
  let plan: string;
  let badPlan: string;
  let document: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ctg-json-errors-"));
    env = { DATA_DIR: path.join(dir, "data"), DATABASE_URL: "", WORKSPACE_DIR: path.join(dir, "espace") };
    badPlan = path.join(dir, "plan.yaml");
    await writeFile(badPlan, "territoire:\n  slug: Pas Un Slug\n");
    plan = path.resolve(import.meta.dirname, "../../prisma/plans/agen.yaml");
    document = path.join(dir, "CR copil.txt");
    await writeFile(document, "Compte rendu du COPIL\n");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [["ask", "--json"], "usage", "Posez une question"],
    [["ask", "qui pilote ?", "--now", "2026-02-30", "--json"], "invalid-date", "2026-02-30"],
    [["ask", "qui pilote ?", "--bavard", "--json"], "invalid-option", "Option invalide"],
    [["echeance", "--json"], "usage", "Indiquez le texte"],
    [["echeance", "2024 : bilan", "--ref", "hier", "--json"], "invalid-date", "« hier »"],
    [
      ["rappels", "--territoire", "agen", "--du", "2026-01-01", "--au", "2026-02-01", "--json"],
      "usage",
      "--dry-run",
    ],
    [["rappels", "--dry-run", "--territoire", "agen", "--json"], "usage", "Usage : ctg-bot rappels"],
    [
      ["rappels", "--dry-run", "--territoire", "agen", "--du", "2026-13-01", "--au", "2026-12-31", "--json"],
      "invalid-date",
      "2026-13-01",
    ],
    [
      ["rappels", "--dry-run", "--territoire", "agen", "--du", "2026-03-01", "--au", "2026-02-01", "--json"],
      "invalid-date",
      "précède",
    ],
    [["ranger", "--json"], "usage", "Usage : ctg-bot ranger"],
    [["ranger", "absent.pdf", "--territoire", "agen", "--dry-run", "--json"], "file-not-found", "absent.pdf"],
    [["ranger", "x.pdf", "--territoire", "agen", "--now", "demain", "--json"], "invalid-date", "« demain »"],
    [["import", "--json"], "usage", "au moins un fichier"],
    [["import", "introuvable.yaml", "--json"], "file-not-found", "lecture impossible"],
    [["purger", "--inconnu", "--json"], "invalid-option", "Option invalide"],
    [["doctor", "en-trop", "--json"], "invalid-option", "Option invalide"],
    [["inventer", "--json"], "unknown-command", "Commande inconnue"],
  ])("%j → %s", async (args, code, words) => {
    expectJsonError(await call(args, env), code, words);
  });

  it("an invalid plan: the lines of every problem in one message, nothing imported", async () => {
    const result = await call(["import", badPlan, "--json"], env);
    expectJsonError(result, "invalid-plan", "Import annulé");
    expect(JSON.parse(result.out[0] ?? "").error.message).toContain("plan.yaml");
  });

  it("an unknown territory names the known ones, for ask, rappels and ranger", async () => {
    await call(["import", plan, "--json"], env);
    for (const args of [
      ["ask", "qui pilote l'action 2 ?", "--territoire", "nulle-part", "--json"],
      [
        "rappels",
        "--dry-run",
        "--territoire",
        "nulle-part",
        "--du",
        "2026-01-01",
        "--au",
        "2026-01-31",
        "--json",
      ],
      ["ranger", document, "--territoire", "nulle-part", "--dry-run", "--json"],
    ]) {
      expectJsonError(await call(args, env), "unknown-territory", "agen");
    }
  });

  it("a bad configuration is a JSON error too (purger, ranger)", async () => {
    const bad = { ...env, AUDIT_RETENTION_DAYS: "beaucoup" };
    expectJsonError(await call(["purger", "--json"], bad), "configuration", "AUDIT_RETENTION_DAYS");
    expectJsonError(
      await call(["ranger", document, "--territoire", "agen", "--json"], bad),
      "configuration",
      "AUDIT_RETENTION_DAYS",
    );
  });

  it("without --json, stdout stays empty and the French message is on stderr", async () => {
    const result = await call(["echeance", "2024 : bilan", "--ref", "hier"], env);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err.join("\n")).toContain("Date de référence invalide");
  });

  it("a real process: stdout holds the JSON object alone, stderr the French message", async () => {
    const { code, stdout, stderr } = await runCli(
      ["echeance", "--ref", "2024-02-30", "bilan", "--json"],
      env,
    );
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: {
        code: "invalid-date",
        message:
          "Date de référence invalide : « 2024-02-30 ». Indiquez une date qui existe, au format AAAA-MM-JJ.",
      },
    });
    expect(stderr).toContain("Date de référence invalide");
  });
});
