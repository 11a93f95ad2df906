import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Territory } from "../../../src/domain/model.ts";
import { DEFAULT_RULES_FILE } from "../../../src/filing/rules-file.ts";
import { rulesLoader } from "../../../src/filing/territory-rules.ts";

describe("a territory's rule file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ctg-rules-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a broken file fails with its line; once corrected, it is read without a restart", async () => {
    const territory = { slug: "essai" } as Territory;
    const load = rulesLoader(`${dir}/`);
    await writeFile(path.join(dir, "essai.yaml"), "version: 1\nregles: [\n");
    await expect(load(territory)).rejects.toThrow(/Règles de classement invalides/);
    await copyFile(DEFAULT_RULES_FILE, path.join(dir, "essai.yaml"));
    const rules = await load(territory);
    expect(rules.rules.length).toBeGreaterThan(5);
    // Read once: the same rules again, even if the file changes.
    await writeFile(path.join(dir, "essai.yaml"), "cassé: [");
    expect(await load(territory)).toBe(rules);
  });
});
