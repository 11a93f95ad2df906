import { beforeAll, describe, expect, it } from "vitest";
import { evaluateFixture, type FilingResult, loadFilingCases } from "../../../bench/lib/filing-accuracy.ts";

let results: FilingResult[];
beforeAll(async () => {
  results = await evaluateFixture();
});

const share = (xs: readonly FilingResult[], ok: (r: FilingResult) => boolean) =>
  xs.filter(ok).length / Math.max(1, xs.length);

describe("classement des documents du jeu d'essai (test/fixtures/filing.yaml)", () => {
  it("le jeu couvre les cinq territoires avec au moins 80 cas", async () => {
    const cases = await loadFilingCases();
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.territoire)).size).toBe(5);
    expect(cases.filter((c) => c.lot === 2).length).toBeGreaterThanOrEqual(20);
  });

  it("au moins 95 % des documents vont au bon dossier (ou font poser la bonne question)", () => {
    const misses = results
      .filter((r) => !r.destinationOk)
      .map((r) => `${r.case.territoire} · ${r.case.fichier}`);
    expect(
      share(results, (r) => r.destinationOk),
      misses.join("\n"),
    ).toBeGreaterThanOrEqual(0.95);
  });

  it("chaque champ est juste dans au moins 90 % des cas", () => {
    for (const field of ["type", "instance", "action", "commune", "date"] as const)
      expect(
        share(results, (r) => r.fields[field]),
        field,
      ).toBeGreaterThanOrEqual(0.9);
  });

  it("le bot ne pose pas la question plus d'une fois sur cinq", () => {
    expect(share(results, (r) => r.destination.ask)).toBeLessThanOrEqual(0.2);
  });
});
