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

/** How many characters of a document's first page say what it is (its title line or two). */
const TITLE_CHARS = 160;

/**
 * The words a document was described by when it was filed: the message, the file name and the
 * title of its first page, folded, without numbers, dates or stopwords. Kept with the document so
 * that a correction remembers why it was misplaced.
 */
export function clueWords(message: string, fileName: string, firstPage: string | null): string[] {
  const text = `${message} ${splitExtension(fileName).stem} ${(firstPage ?? "").slice(0, TITLE_CHARS)}`;
  return [
    ...new Set(
      tokenize(text)
        .map((t) => t.fold)
        .filter((w) => !/\d/.test(w) && w.length >= 3 && !STOPWORDS.has(w) && !CALENDAR_WORDS.has(w)),
    ),
  ];
}

/** What corrections teach, for one document: the folder its words were moved to before. */
export interface LearnedFolder {
  folder: string;
  /** The document's words that led there, as remembered. */
  words: string[];
  /** How many corrections back it up. */
  corrections: number;
  /** 0..1 */
  confidence: number;
}

/** Below this much specific evidence, shared words are a coincidence. */
export const LEARNING = {
  /** Sum of the shared words' specificity needed (one rare word ≈ 1.5–2.5). */
  floor: 2.5,
  /** The best folder's evidence over the second's. */
  lead: 1.5,
  /** Confidence of one correction; each further one adds `step`, up to `max`. */
  base: 0.6,
  step: 0.1,
  max: 0.85,
};

/**
 * The folder earlier corrections point to for a document described by `words`: each word shared
 * with a corrected document counts for how rarely it appears among all corrections (a word every
 * correction has says nothing), summed per folder over the corrections that moved there.
 */
export function learnedFolder(
  words: readonly string[],
  corrections: readonly Correction[],
): LearnedFolder | null {
  const remembered = corrections.filter((c) => c.words !== undefined && c.words.length > 0);
  if (remembered.length === 0 || words.length === 0) return null;
  const df = new Map<string, number>();
  for (const c of remembered) for (const w of new Set(c.words)) df.set(w, (df.get(w) ?? 0) + 1);
  const mine = new Set(words);
  const perFolder = new Map<string, { evidence: number; words: Set<string>; corrections: number }>();
  for (const c of remembered) {
    const shared = [...new Set(c.words)].filter((w) => mine.has(w));
    if (shared.length === 0) continue;
    const evidence = shared.reduce((sum, w) => sum + Math.log(1 + remembered.length / (df.get(w) ?? 1)), 0);
    const seen = perFolder.get(c.folder) ?? { evidence: 0, words: new Set<string>(), corrections: 0 };
    seen.evidence = Math.max(seen.evidence, evidence) + 0.25 * Math.min(seen.evidence, evidence);
    for (const w of shared) seen.words.add(w);
    seen.corrections += 1;
    perFolder.set(c.folder, seen);
  }
  const ranked = [...perFolder.entries()].sort((a, b) => b[1].evidence - a[1].evidence);
  const [best, second] = ranked;
  if (best === undefined || best[1].evidence < LEARNING.floor) return null;
  if (second !== undefined && best[1].evidence < LEARNING.lead * second[1].evidence) return null;
  return {
    folder: best[0],
    words: [...best[1].words],
    corrections: best[1].corrections,
    confidence: Math.min(LEARNING.max, LEARNING.base + LEARNING.step * (best[1].corrections - 1)),
  };
}
