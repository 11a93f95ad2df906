import { stopwords } from "@orama/stopwords/french";
import { describe, expect, it } from "vitest";
import { tokenize as filingTokens } from "../../src/domain/filing/tokens.ts";
import { tokenize as searchTokens } from "../../src/domain/search/french-analyzer.ts";
import { FRENCH_STOPWORDS } from "../../src/domain/text/french/stopwords.ts";

describe("one French stop-word list", () => {
  it("is the Snowball list folded as both the search analyser and the filing read words", () => {
    const asSearch = new Set(stopwords.flatMap((w) => searchTokens(w).map((t) => t.text)));
    expect([...FRENCH_STOPWORDS].sort()).toEqual([...asSearch].sort());
    for (const word of FRENCH_STOPWORDS) {
      if (word === "où") continue; // the search keeps its accent: « où » is not « ou »
      expect(filingTokens(word).map((t) => t.fold)).toEqual([word]);
    }
    for (const word of ["de", "les", "pour", "est", "été", "qu"]) {
      expect(FRENCH_STOPWORDS.has(searchTokens(word)[0]?.text ?? "")).toBe(true);
    }
    expect(FRENCH_STOPWORDS.has("vers")).toBe(false); // « aller vers » is a fiche's name
  });
});
