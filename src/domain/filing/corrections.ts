import { STOPWORDS, splitExtension, tokenize } from "./tokens.ts";
import type { Correction } from "./types.ts";

/** Below this, two file names are not "the same kind of file". */
export const SIMILAR_NAME_THRESHOLD = 0.6;

/** Dates written in words change from one file of a series to the next ("Newsletter juin"). */
const CALENDAR_WORDS = new Set(
  `janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre janv fev
  avr juil sept oct nov dec lundi mardi mercredi jeudi vendredi samedi dimanche`.split(/\s+/),
);

/** Words of a file name that say what it is: no extension, no numbers or dates, no stopwords. */
export function nameWords(fileName: string): Set<string> {
  const { stem } = splitExtension(fileName);
  return new Set(
    tokenize(stem)
      .map((t) => t.fold)
      .filter((w) => !/\d/.test(w) && w.length >= 2 && !STOPWORDS.has(w) && !CALENDAR_WORDS.has(w)),
  );
}

/** |A ∩ B| / |A ∪ B|; 0 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  const union = a.size + b.size - common;
  return union === 0 ? 0 : common / union;
}

/** The correction whose file name is nearest to `fileName`, when near enough (most recent wins a tie). */
export function similarCorrection(
  fileName: string,
  corrections: readonly Correction[],
  threshold = SIMILAR_NAME_THRESHOLD,
): { correction: Correction; similarity: number } | null {
  const words = nameWords(fileName);
  let best: { correction: Correction; similarity: number } | null = null;
  for (const correction of corrections) {
    const similarity = jaccard(words, nameWords(correction.fileName));
    if (similarity >= threshold && (best === null || similarity >= best.similarity))
      best = { correction, similarity };
  }
  return best;
}
