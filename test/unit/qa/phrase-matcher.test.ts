import { describe, expect, it } from "vitest";
import { PhraseMatcher } from "../../../src/core/qa/phrase-matcher.ts";
import { tokenize } from "../../../src/domain/search/french-analyzer.ts";

const matcher = () => {
  const m = new PhraseMatcher<string>();
  m.add("pilote", "pilote");
  m.add("accueil de loisirs", "alsh");
  m.add("qd", "quand");
  return m;
};

describe("PhraseMatcher", () => {
  it("finds a cue word typed with a typo, on the first word of a phrase too", () => {
    const found = matcher().matchAll(tokenize("qui est le pillote ?"));
    expect(found).toEqual([{ start: 3, end: 4, value: "pilote", typos: 1 }]);
    const phrase = matcher().matchAll(tokenize("les acceuil de loisirs"));
    expect(phrase.map((m) => [m.value, m.typos])).toEqual([["alsh", 1]]);
  });

  it("finds phrases only as listed when typos are off (chat spellings in plan texts)", () => {
    const m = matcher();
    expect(m.matchAll(tokenize("qui est le pillote ?"), { typos: false })).toEqual([]);
    expect(m.matchAll(tokenize("Qd est l'accueil de loisirs ?"), { typos: false })).toEqual([
      { start: 0, end: 1, value: "quand", typos: 0 },
      { start: 3, end: 6, value: "alsh", typos: 0 },
    ]);
  });

  it("folds accents and case like questions are folded", () => {
    const m = new PhraseMatcher<string>();
    m.add("Crèche", "eaje");
    expect(m.matchAll(tokenize("une CRECHE a Boe"), { typos: false }).map((x) => x.value)).toEqual(["eaje"]);
  });
});
