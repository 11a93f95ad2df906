import type { SubjectFinder, SubjectMatch } from "../domain/filing/types.ts";
import { tokenize } from "../domain/search/french-analyzer.ts";
import type { KnowledgeIndex } from "./qa/knowledge-index.ts";

/** An action's relevance sums its best few fields: a fiche is not more relevant for being long. */
const FIELDS_COUNTED = 3;
/** A document's text beyond this many distinct terms adds noise, not meaning. */
const MAX_TERMS = 160;

/**
 * The plan's actions a document's words are about, from the territory's knowledge index — the one
 * questions are answered from (issue 17: shared, not copied). Every field of a fiche counts (title,
 * objectifs, public, partenaires, moyens…), with the weights the question engine gives them.
 */
export function subjectFinder(index: KnowledgeIndex): SubjectFinder {
  return (text: string): SubjectMatch[] => {
    const terms = [...new Set(index.termsOf(text))].slice(0, MAX_TERMS);
    if (terms.length === 0) return [];
    const perAction = new Map<string, number[]>();
    for (const [id, match] of index.match(terms)) {
      const passage = index.passages[id];
      const entity = passage?.entity;
      if (passage === undefined || entity === undefined) continue;
      if (entity.kind !== "action" && entity.kind !== "milestone") continue;
      const number = entity.action.number;
      const scores = perAction.get(number) ?? [];
      scores.push(match.score * passage.weight);
      perAction.set(number, scores);
    }
    const wanted = new Set(terms);
    return [...perAction.entries()]
      .map(([action, scores]) => ({
        action,
        score: scores
          .sort((a, b) => b - a)
          .slice(0, FIELDS_COUNTED)
          .reduce((a, b) => a + b, 0),
        words: wordsFound(index, action, wanted),
      }))
      .sort((a, b) => b.score - a.score);
  };
}

/** Words of the action's title the document shares with it, as the plan writes them. */
function wordsFound(index: KnowledgeIndex, number: string, wanted: ReadonlySet<string>): string[] {
  const action = index.knowledge.actions.find((a) => a.number === number);
  if (action === undefined) return [];
  const out: string[] = [];
  for (const token of tokenize(action.title)) {
    const terms = index.termsOf(token.raw);
    if (terms.some((t) => wanted.has(t)) && !out.includes(token.raw)) out.push(token.raw);
  }
  return out.slice(0, 4);
}
