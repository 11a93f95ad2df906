import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const BIOME = path.join(ROOT, "node_modules/.bin/biome");

/**
 * The layer rules of biome.json (docs/architecture.md) bite: a project laid out like ours, with the
 * repository's own configuration, one file per layer breaking its rule and one keeping it.
 */
describe("layers are enforced by the linter", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ctg-layers-"));
    const config = JSON.parse(await readFile(path.join(ROOT, "biome.json"), "utf8"));
    delete config.$schema;
    config.vcs = { enabled: false };
    await writeFile(path.join(dir, "biome.json"), JSON.stringify(config));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Lints a file made of one import line and a use of what it imports. */
  async function lint(file: string, importLine: string): Promise<{ ok: boolean; output: string }> {
    const name = importLine
      .match(/\{ (\w+) \}|import (?:type )?(\w+)/)
      ?.slice(1)
      .find(Boolean);
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), `${importLine}\n\nexport const used = [${name}];\n`);
    try {
      const { stdout, stderr } = await run(BIOME, ["lint", file], { cwd: dir });
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
  }

  it.each([
    ["src/domain/plan/a.ts", 'import { reply } from "../../core/reply.ts";', "src/domain ne dépend"],
    ["src/domain/plan/b.ts", 'import { Block } from "../../chat/render-text.ts";', "src/domain ne dépend"],
    ["src/domain/c.ts", 'import { openDatabase } from "../store/database.ts";', "src/domain ne dépend"],
    ["src/domain/d.ts", 'import { App } from "@slack/bolt";', "SDK de messagerie"],
    ["src/domain/e.ts", 'import pg from "pg";', "la base de données passe par src/store"],
    [
      "commands/f.ts",
      'import { SlackAdapter } from "../src/chat/slack/slack-adapter.ts";',
      "une commande ne connaît",
    ],
    ["commands/g.ts", 'import { openDatabase } from "../src/store/database.ts";', "une commande ne connaît"],
    [
      "src/chat/matrix/h.ts",
      'import { electLeader } from "../../store/sync-leader.ts";',
      "un adaptateur de messagerie",
    ],
    [
      "src/chat/slack/i.ts",
      'import { PrismaClient } from "@prisma/client";',
      "la base de données passe par src/store",
    ],
    [
      "src/core/j.ts",
      'import { FilingService } from "../filing/filing-service.ts";',
      "src/core passe par des ports",
    ],
    [
      "src/core/qa/k.ts",
      'import { openDatabase } from "../../store/database.ts";',
      "src/core passe par des ports",
    ],
    [
      "src/scheduler/l.ts",
      'import { OutboxStore } from "../store/outbox-store.ts";',
      "les boucles et les métriques",
    ],
    [
      "src/ops/m.ts",
      'import { PrismaClient } from "../generated/prisma/client.ts";',
      "les boucles et les métriques",
    ],
  ])("%s: « %s » is refused", async (file, line, message) => {
    const result = await lint(file, line);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("noRestrictedImports");
    expect(result.output).toContain(message);
  });

  it.each([
    ["src/domain/plan/ok.ts", 'import { z } from "zod";'],
    ["src/domain/plan/ok2.ts", 'import { formatDateFr } from "../time/french-format.ts";'],
    ["commands/ok.ts", 'import { reply } from "../src/core/reply.ts";'],
    ["src/chat/slack/ok.ts", 'import { reply } from "../../core/reply.ts";'],
    ["src/core/ok.ts", 'import { classifyDocument } from "../domain/filing/classify.ts";'],
    ["src/scheduler/ok.ts", 'import { defaultBackoff } from "./sender.ts";'],
  ])("%s: « %s » is allowed", async (file, line) => {
    const result = await lint(file, line);
    expect(result.output).not.toContain("noRestrictedImports");
    expect(result.ok, result.output).toBe(true);
  });
});

describe("adapters hold no French sentence", () => {
  it("every French text the chat adapters show comes from src/core/wording", async () => {
    const dir = path.join(ROOT, "src/chat");
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".ts"));
    const found: string[] = [];
    for (const file of files) {
      const code = (await readFile(path.join(dir, file), "utf8"))
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "")
        .replace(/\s\/\/ .*$/gm, "");
      for (const literal of code.matchAll(/"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'/g)) {
        if (/[«»àâçéèêëîïôûùœ]/i.test(literal[0])) found.push(`${file}: ${literal[0].slice(0, 60)}`);
      }
    }
    expect(found).toEqual([]);
  });
});
