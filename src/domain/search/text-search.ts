import { editDistance } from "../text/similarity.ts";
import { stems, words } from "./french-words.ts";

/** Two stems match when equal, or close enough for a typo or a longer word form. */
export function stemsMatch(a: string, b: string): number {
  if (a === b) return 1;
  const shorter = Math.min(a.length, b.length);
  const gap = Math.abs(a.length - b.length);
  if (shorter < 4 || gap > 2) return 0;
  if (a.startsWith(b) || b.startsWith(a)) return 0.8;
  const allowed = shorter >= 8 ? 2 : shorter >= 5 ? 1 : 0;
  return allowed > 0 && editDistance(a, b) <= allowed ? 0.7 : 0;
}

export interface SearchField {
  text: string;
  weight: number;
}

export interface SearchHit<T> {
  item: T;
  score: number;
  /** Query stems that found something, for explaining a match. */
  matched: string[];
}

/** Maps a phrase (an acronym's expansion…) to extra terms, so "relais petite enfance" also finds RPE. */
export interface Synonyms {
  expand(text: string): string[];
}

interface Doc<T> {
  item: T;
  fields: { stems: Set<string>; weight: number }[];
  /** The words as written (accents folded, not stemmed): an exact word outranks a mere stem. */
  surface: Set<string>;
}

/** Added to a score per query word found as written, or with one typo in a long word. */
const SURFACE_BONUS = 0.02;

/**
 * A small in-memory index over a territory's texts: stems with a typo allowance, weighted
 * fields, IDF so that rare words count more than "action" or "familles".
 */
export class TextSearch<T> {
  private readonly docs: Doc<T>[] = [];
  private readonly df = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  private readonly synonyms: Synonyms | undefined;

  constructor(synonyms?: Synonyms) {
    this.synonyms = synonyms;
  }

  private readonly analysed = new Map<string, string[]>();

  private analyse(text: string): string[] {
    const known = this.analysed.get(text);
    if (known) return known;
    const extra = this.synonyms ? this.synonyms.expand(text) : [];
    const result = [...stems(text), ...extra];
    if (this.analysed.size < 20_000) this.analysed.set(text, result);
    return result;
  }

  add(item: T, fields: SearchField[]): void {
    const analysed = fields.map((f) => ({ stems: new Set(this.analyse(f.text)), weight: f.weight }));
    const all = new Set(analysed.flatMap((f) => [...f.stems]));
    for (const s of all) this.df.set(s, (this.df.get(s) ?? 0) + 1);
    const surface = new Set(fields.flatMap((f) => words(f.text)));
    for (const w of surface) this.vocabulary.add(w);
    this.docs.push({ item, fields: analysed, surface });
  }

  private idf(term: string): number {
    const n = this.docs.length || 1;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The indexed stems a query term matches (exactly, by word form or by typo), with how well. */
  private matchesOf(term: string): Map<string, number> {
    const matches = new Map<string, number>();
    for (const s of this.df.keys()) {
      const m = stemsMatch(term, s);
      if (m > 0) matches.set(s, m);
    }
    return matches;
  }

  /** Indexed words as written that equal a query word or are one typo from a long one. */
  private surfaceMatches(word: string): Set<string> {
    const found = new Set<string>();
    for (const w of this.vocabulary) {
      if (
        w === word ||
        (word.length >= 6 && Math.abs(w.length - word.length) <= 1 && editDistance(w, word) <= 1)
      ) {
        found.add(w);
      }
    }
    return found;
  }

  /** Documents ranked by how much of the query they cover, best first. */
  search(query: string, options: { minScore?: number; limit?: number } = {}): SearchHit<T>[] {
    const terms = [...new Set(this.analyse(query))];
    if (terms.length === 0) return [];
    // Each query term is compared once with the vocabulary, not with every document.
    const termMatches = terms.map((t) => this.matchesOf(t));
    // A word the territory's texts never use ("commence", "exactement") still counts, but less
    // than a word they do use: otherwise small talk in a question would sink every match.
    const unknownWeight = 0.3 * this.idf("\u0000");
    const weights = termMatches.map((m) =>
      m.size === 0 ? unknownWeight : Math.max(...[...m.keys()].map((s) => this.idf(s))),
    );
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const surface = [...new Set(words(query))].map((w) => this.surfaceMatches(w)).filter((m) => m.size > 0);
    const hits: SearchHit<T>[] = [];
    for (const doc of this.docs) {
      let score = 0;
      const matched: string[] = [];
      termMatches.forEach((matches, i) => {
        if (matches.size === 0) return;
        let best = 0;
        for (const field of doc.fields) {
          for (const [s, m] of matches) if (field.stems.has(s)) best = Math.max(best, m * field.weight);
        }
        if (best > 0) {
          score += best * (weights[i] ?? 0);
          matched.push(terms[i] ?? "");
        }
      });
      if (score > 0) {
        const bonus = surface.filter((m) => [...m].some((w) => doc.surface.has(w))).length * SURFACE_BONUS;
        hits.push({ item: doc.item, score: score / total + bonus, matched });
      }
    }
    hits.sort((a, b) => b.score - a.score);
    const min = options.minScore ?? 0;
    return hits.filter((h) => h.score >= min).slice(0, options.limit ?? hits.length);
  }
}
