import type { FieldSource } from "./types.ts";

/** What one extractor found in one source text, before precedence is applied. */
export interface Hit<T> {
  value: T;
  /** 0..1, for the match itself (the source's weight is applied later). */
  confidence: number;
  /** Position in the source text: the first thing named is usually the head of the phrase. */
  index: number;
  /** What was read, quoted: « « CR » ». The source is added by `classify`. */
  evidence: string;
}

/** Where a field was read, as a reason ends: « « CR » dans le message ». */
export const SOURCE_PLACES: Record<FieldSource, string> = {
  message: "dans le message",
  filename: "dans le nom du fichier",
  content: "en première page",
  channel: "d'après le réglage du salon",
  learned: "d'après un classement corrigé",
};

/** The hit named first, among those at least `strong` sure; else the surest one. */
export function headHit<T>(hits: readonly Hit<T>[], strong = 0.6): Hit<T> | null {
  let first: Hit<T> | null = null;
  let best: Hit<T> | null = null;
  for (const h of hits) {
    if (h.confidence >= strong && (first === null || h.index < first.index)) first = h;
    if (best === null || h.confidence > best.confidence) best = h;
  }
  return first ?? best;
}
