import type { SubjectFinder, SubjectMatch } from "../domain/filing/types.ts";
import type { KnowledgeIndex } from "./qa/knowledge-index.ts";
import { FIELD_WEIGHT, passagesOf } from "./qa/passages.ts";

/** A document's text beyond this many distinct terms adds noise, not meaning. */
const MAX_TERMS = 160;

interface ActionTerms {
  /** Search term → the word of the fiche that gives it (as the plan writes it) and its best field's weight. */
  words: Map<string, { word: string; weight: number }>;
}

interface Terms {
  actions: Map<string, ActionTerms>;
  /** How specific a term is: ln(1 + actions / actions that have it). « CTG » is in all, « ALSH » in few. */
  idf: Map<string, number>;
}

const termsCache = new WeakMap<KnowledgeIndex, Terms>();

/** The terms of every field of each action, and how specific each is, computed once per index. */
function actionTerms(index: KnowledgeIndex): Terms {
  const cached = termsCache.get(index);
  if (cached !== undefined) return cached;
  const actions = new Map<string, ActionTerms>();
  for (const entity of index.byKind.get("action") ?? []) {
    if (entity.kind !== "action") continue;
    const words = new Map<string, { word: string; weight: number }>();
    const milestones = (index.byKind.get("milestone") ?? []).filter(
      (m) => m.kind === "milestone" && m.action.number === entity.action.number,
    );
    for (const entry of [entity, ...milestones]) {
      for (const field of passagesOf(entry)) {
        const weight = FIELD_WEIGHT[field.facet] ?? 1;
        for (const word of `${field.name} ${field.text}`.split(/[\s,.;:!?()«»"'’/]+/)) {
          if (word === "") continue;
          for (const term of index.termsOf(word)) {
            const seen = words.get(term);
            if (seen === undefined || seen.weight < weight) words.set(term, { word, weight });
          }
        }
      }
    }
    actions.set(entity.action.number, { words });
  }
  const df = new Map<string, number>();
  for (const a of actions.values()) for (const term of a.words.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = new Map([...df].map(([term, n]) => [term, Math.log(1 + actions.size / n)]));
  const terms = { actions, idf };
  termsCache.set(index, terms);
  return terms;
}

const isWordTerm = (term: string): boolean => term.length >= 2 && !/^[\d.,%-]+$/.test(term);

/**
 * The plan's actions a document's words are about, from the territory's knowledge index — the one
 * questions are answered from (issue 17: shared, not copied): the same analysis of words (lexicon,
 * stems, acronyms) over every field of a fiche (title, objectifs, public, partenaires, moyens,
 * échéancier…). The index's search finds the fiches the words reach; each is then scored by the
 * distinct words it shares with the document, each worth how specific it is among the fiches
 * (a word every fiche has says nothing) times the weight of the field it is in — a score that
 * does not grow with the document's length the way summed search scores do.
 */
export function subjectFinder(index: KnowledgeIndex): SubjectFinder {
  return (text: string): SubjectMatch[] => {
    // Numbers (years, counts, « 1% ») and single letters name no subject.
    const terms = [...new Set(index.termsOf(text))].filter(isWordTerm).slice(0, MAX_TERMS);
    if (terms.length === 0) return [];
    const reached = new Set<string>();
    for (const id of index.match(terms).keys()) {
      const entity = index.passages[id]?.entity;
      if (entity?.kind === "action" || entity?.kind === "milestone") reached.add(entity.action.number);
    }
    const { actions, idf } = actionTerms(index);
    return [...reached]
      .map((action) => {
        const own = actions.get(action)?.words ?? new Map<string, { word: string; weight: number }>();
        let score = 0;
        const words: string[] = [];
        for (const term of terms) {
          const found = own.get(term);
          if (found === undefined) continue;
          score += (idf.get(term) ?? 0) * found.weight;
          if (!words.includes(found.word)) words.push(found.word);
        }
        return { action, score, words };
      })
      .filter((m) => m.score > 0)
      .sort((a, b) => b.score - a.score);
  };
}
