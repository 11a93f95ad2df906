import { describe, expect, it } from "vitest";
import type { GlossaryEntry } from "../../../src/domain/knowledge.ts";
import { AcronymExpander } from "../../../src/domain/search/acronyms.ts";
import { FrenchAnalyzer, stems, tokenize } from "../../../src/domain/search/french-analyzer.ts";

const entry = (acronym: string, expansion: string, variants: string[] = []): GlossaryEntry => ({
  acronym,
  expansion,
  explanation: null,
  origin: "territory",
  variants,
});

const glossary = [
  entry("RPE", "Relais Petite Enfance", ["relais assistantes maternelles"]),
  entry("EN", "Éducation nationale"),
  entry("LAEP", "Lieu d'accueil enfants-parents"),
];

describe("AcronymExpander", () => {
  const expander = new AcronymExpander(glossary, new FrenchAnalyzer());

  it("adds the expansion's terms to a text that uses the acronym", () => {
    expect(expander.expand("Le RPE de Boé")).toEqual(stems("Relais Petite Enfance"));
  });

  it("adds the acronym to a text that spells out its expansion or a variant", () => {
    expect(expander.expand("ouverture d'un lieu d'accueil enfants parents")).toEqual(["laep"]);
    expect(expander.expand("le relais assistantes maternelles")).toEqual(["rpe"]);
  });

  it("reads an everyday word as an acronym only in capitals (« en » is not EN)", () => {
    expect(expander.expand("en lien avec les familles")).toEqual([]);
    expect(expander.expand("en lien avec l'EN")).toEqual(stems("Éducation nationale"));
  });

  it("gives the same terms for a text and its tokens, in the glossary's order", () => {
    const text = "le LAEP et le RPE";
    expect(expander.expandTokens(tokenize(text))).toEqual(expander.expand(text));
    expect(expander.expand(text)).toEqual([
      ...stems("Relais Petite Enfance"),
      ...stems("Lieu d'accueil enfants-parents"),
    ]);
  });
});
