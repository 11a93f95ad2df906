import { beforeAll, describe, expect, it } from "vitest";
import { buildIndex, type KnowledgeIndex } from "../../../src/core/qa/knowledge-index.ts";
import { readQuestion } from "../../../src/core/qa/read-question.ts";
import { loadLexicon } from "../../../src/store/qa-lexicon.ts";
import { demoKnowledge } from "../filing/plan-knowledge.ts";

describe("reading a question", () => {
  let index: KnowledgeIndex;
  beforeAll(async () => {
    index = buildIndex(await demoKnowledge("vendee-sevre-autise"), await loadLexicon());
  });
  const weightOf = (question: string, word: string) =>
    readQuestion(question, index).concepts.find((c) => c.word === word)?.weight;

  it("weighs the words of the sentence that asks most, after a chat spelling that adds a word", () => {
    // « y a » is rewritten « il y a »: the words after it stay in their own sentence.
    const q = "Beaucoup de familles sont perdues avec la CAF. Y a-t-il une action pour les accompagner ?";
    expect(weightOf(q, "accompagner")).toBe(1);
    expect(weightOf(q, "familles")).toBeLessThan(1);
  });

  it("without a cue, weighs most the last sentence that ends with a question mark", () => {
    const q = "aide aux devoirs ?? des parents m'en parlent tout le temps";
    expect(weightOf(q, "aide aux devoirs")).toBe(1);
  });

  it("reads a status asked with « en est où »", () => {
    const reading = readQuestion("le projet éducatif intercommunal, il en est où ?", index);
    expect(reading.facets.get("action.statut")).toBe(1);
  });

  it("reads « y a-t-il une fiche là-dessus » as a question on the plan's actions", () => {
    const reading = readQuestion("les cars scolaires, c'est prévu ?", index);
    expect(reading.kinds.get("action")).toBeGreaterThan(0);
    expect(reading.list).toBe(true);
  });

  it("does not take « développer » for « développe » (spell out an acronym)", () => {
    const reading = readQuestion("la CTG veut développer les chantiers jeunes ?", index);
    expect(reading.facets.get("glossary.definition") ?? 0).toBe(0);
  });
});
