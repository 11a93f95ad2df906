import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadSharedGlossary, SHARED_GLOSSARY_FILE } from "../../src/store/shared-glossary.ts";

/** Acronyms the bot must always know. */
const REQUIRED = [
  "CAF",
  "CNAF",
  "MSA",
  "EPCI",
  "CTG",
  "CEJ",
  "COG",
  "SDSF",
  "RPE",
  "RAM",
  "EAJE",
  "PSU",
  "LAEP",
  "ALSH",
  "ACM",
  "CLAS",
  "REAAP",
  "PEDT",
  "QPV",
  "ZRR",
  "AVS",
  "EVS",
  "PMI",
  "CCAS",
  "CIAS",
  "ABS",
  "MAM",
  "EJE",
  "BAFA",
  "BAFD",
  "BPJEPS",
  "SDJES",
  "DRAJES",
  "COPIL",
  "COTECH",
  "DGS",
  "ETP",
  "France Services",
];

interface RawEntry {
  sigle: string;
  variantes?: string[];
  sens: { definition: string; explication: string }[];
}

async function rawFile(): Promise<RawEntry[]> {
  return parse(await readFile(SHARED_GLOSSARY_FILE, "utf8")) as RawEntry[];
}

describe("shared glossary file", () => {
  it("loads and holds at least 65 distinct acronyms", async () => {
    const entries = await loadSharedGlossary();
    expect(new Set(entries.map((e) => e.acronym)).size).toBeGreaterThanOrEqual(65);
  });

  it("holds every required acronym", async () => {
    const acronyms = new Set((await loadSharedGlossary()).map((e) => e.acronym));
    expect(REQUIRED.filter((a) => !acronyms.has(a))).toEqual([]);
  });

  it("gives AVS its two meanings, the CTG one first", async () => {
    const avs = (await loadSharedGlossary()).filter((e) => e.acronym === "AVS");
    expect(avs).toHaveLength(2);
    expect(avs[0]?.expansion).toBe("Animation de la vie sociale");
    expect(avs[1]?.expansion).toBe("Auxiliaire de vie scolaire");
  });

  it("lists each sigle once, even ignoring case", async () => {
    const sigles = (await rawFile()).map((e) => e.sigle);
    const duplicates = (list: string[]) => list.filter((s, i) => list.indexOf(s) !== i);
    expect(duplicates(sigles)).toEqual([]);
    expect(duplicates(sigles.map((s) => s.toUpperCase()))).toEqual([]);
  });

  it("keeps the entries in alphabetical order", async () => {
    const sigles = (await rawFile()).map((e) => e.sigle);
    const sorted = [...sigles].sort((a, b) => a.toUpperCase().localeCompare(b.toUpperCase(), "fr"));
    expect(sigles).toEqual(sorted);
  });

  it("has no variant equal to another entry's sigle", async () => {
    const file = await rawFile();
    const collisions = file.flatMap((entry) =>
      (entry.variantes ?? [])
        .filter((v) =>
          file.some((other) => other !== entry && other.sigle.toUpperCase() === v.trim().toUpperCase()),
        )
        .map((v) => `${entry.sigle}: ${v}`),
    );
    expect(collisions).toEqual([]);
  });

  it("explains each meaning in one short sentence ending with a period", async () => {
    const bad = (await loadSharedGlossary())
      .filter((e) => !e.explanation?.endsWith(".") || e.explanation.length > 200)
      .map((e) => `${e.acronym} (${e.expansion})`);
    expect(bad).toEqual([]);
  });
});
