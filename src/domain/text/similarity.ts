import { normalizeText } from "./normalize.ts";

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The candidates nearest to `word` (accents and case ignored), at most `maxDistance` edits away. */
export function closest(
  word: string,
  candidates: readonly string[],
  maxDistance: number,
  limit = 3,
): string[] {
  const w = normalizeText(word);
  return candidates
    .map((c) => ({ c, d: editDistance(w, normalizeText(c)) }))
    .filter((x) => x.d <= maxDistance)
    .sort((a, b) => a.d - b.d)
    .slice(0, limit)
    .map((x) => x.c);
}
