import { editDistance } from "../text/similarity.ts";
import { stems } from "./french-words.ts";

/** Two stems match when equal, or close enough for a typo in a long word. */
export function stemsMatch(a: string, b: string): number {
  if (a === b) return 1;
  const shorter = Math.min(a.length, b.length);
  if (shorter >= 5 && (a.startsWith(b) || b.startsWith(a))) return 0.8;
  if (shorter < 5 || Math.abs(a.length - b.length) > 2) return 0;
  const allowed = shorter >= 9 ? 2 : 1;
  return editDistance(a, b) <= allowed ? 0.7 : 0;
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
}

/**
 * A small in-memory index over a territory's texts: stems with a typo allowance, weighted
 * fields, IDF so that rare words count more than "action" or "familles".
 */
export class TextSearch<T> {
  private readonly docs: Doc<T>[] = [];
  private readonly df = new Map<string, number>();
  private readonly synonyms: Synonyms | undefined;

  constructor(synonyms?: Synonyms) {
    this.synonyms = synonyms;
  }

  private analyse(text: string): string[] {
    const extra = this.synonyms ? this.synonyms.expand(text) : [];
    return [...stems(text), ...extra];
  }

  add(item: T, fields: SearchField[]): void {
    const analysed = fields.map((f) => ({ stems: new Set(this.analyse(f.text)), weight: f.weight }));
    const all = new Set(analysed.flatMap((f) => [...f.stems]));
    for (const s of all) this.df.set(s, (this.df.get(s) ?? 0) + 1);
    this.docs.push({ item, fields: analysed });
  }

  private idf(term: string): number {
    const n = this.docs.length || 1;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Documents ranked by how much of the query they cover, best first. */
  search(query: string, options: { minScore?: number; limit?: number } = {}): SearchHit<T>[] {
    const terms = [...new Set(this.analyse(query))];
    if (terms.length === 0) return [];
    const weights = terms.map((t) => Math.max(this.idf(t), this.bestIdf(t)));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const hits: SearchHit<T>[] = [];
    for (const doc of this.docs) {
      let score = 0;
      const matched: string[] = [];
      terms.forEach((term, i) => {
        let best = 0;
        for (const field of doc.fields) {
          for (const s of field.stems) {
            const m = stemsMatch(term, s);
            if (m > 0) best = Math.max(best, m * field.weight);
          }
        }
        if (best > 0) {
          score += best * (weights[i] ?? 0);
          matched.push(term);
        }
      });
      if (score > 0) hits.push({ item: doc.item, score: score / total, matched });
    }
    hits.sort((a, b) => b.score - a.score);
    const min = options.minScore ?? 0;
    return hits.filter((h) => h.score >= min).slice(0, options.limit ?? hits.length);
  }

  /** The IDF of the indexed stem a query term would match by typo (an unknown term weighs as rare). */
  private bestIdf(term: string): number {
    if (this.df.has(term)) return this.idf(term);
    let best = 0;
    for (const s of this.df.keys()) if (stemsMatch(term, s) > 0) best = Math.max(best, this.idf(s));
    return best || this.idf(term);
  }
}
