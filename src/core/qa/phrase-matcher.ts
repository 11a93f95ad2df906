import type { Token } from "../../domain/search/french-analyzer.ts";
import { tokenize } from "../../domain/search/french-analyzer.ts";
import { editDistance } from "../../domain/text/similarity.ts";

/** Where a phrase was found in a question: tokens [start, end). */
export interface PhraseMatch<T> {
  start: number;
  end: number;
  value: T;
  /** Edits needed (typos); 0 when typed as listed. */
  typos: number;
}

interface Node<T> {
  children: Map<string, Node<T>>;
  values: T[];
}

function exactStep<T>(node: Node<T>, word: string): [Node<T>, number][] {
  const child = node.children.get(word);
  return child ? [[child, 0]] : [];
}

/** A typo is tolerated in a cue word of five letters or more (« pillote », « referant », « acceuil »). */
const allowedTypos = (word: string) => (word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0);

/**
 * Finds known phrases (cue words, commune names, acronyms) in a question, word by word, with a
 * typo allowance on long words. Phrases are folded like questions are (accents, case).
 */
export class PhraseMatcher<T> {
  private readonly root: Node<T> = { children: new Map(), values: [] };

  add(phrase: string, value: T): void {
    const words = tokenize(phrase).map((t) => t.text);
    if (words.length === 0) return;
    let node = this.root;
    for (const w of words) {
      let next = node.children.get(w);
      if (!next) {
        next = { children: new Map(), values: [] };
        node.children.set(w, next);
      }
      node = next;
    }
    node.values.push(value);
  }

  private *step(node: Node<T>, word: string): Generator<[Node<T>, number]> {
    const exact = node.children.get(word);
    if (exact) yield [exact, 0];
    for (const [key, child] of node.children) {
      if (key === word) continue;
      const allowed = Math.min(allowedTypos(key), allowedTypos(word));
      if (allowed === 0 || Math.abs(key.length - word.length) > allowed) continue;
      // A typo is not in the first letter: « pilote » is not « vilote », and it keeps the search small.
      if (key[0] !== word[0]) continue;
      const d = editDistance(key, word);
      if (d <= allowed) yield [child, d];
    }
  }

  /**
   * Every occurrence of every phrase, longest first at each position. `typos: false` finds phrases
   * only as listed (chat spellings rewritten in every plan text: the typo search is what costs).
   */
  matchAll(tokens: readonly Token[], options: { typos?: boolean } = {}): PhraseMatch<T>[] {
    const fuzzy = options.typos ?? true;
    const found: PhraseMatch<T>[] = [];
    for (let start = 0; start < tokens.length; start++) {
      let frontier: [Node<T>, number][] = [[this.root, 0]];
      for (let i = start; i < tokens.length && frontier.length > 0; i++) {
        const word = tokens[i]?.text ?? "";
        const next: [Node<T>, number][] = [];
        for (const [node, typos] of frontier) {
          const steps = fuzzy ? this.step(node, word) : exactStep(node, word);
          for (const [child, d] of steps) {
            next.push([child, typos + d]);
            for (const value of child.values) found.push({ start, end: i + 1, value, typos: typos + d });
          }
        }
        frontier = next;
      }
    }
    return found.sort(
      (a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || a.typos - b.typos,
    );
  }
}
