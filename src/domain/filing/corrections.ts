import { isCalendarWord } from "../text/french/calendar.ts";
import { STOPWORDS, splitExtension, tokenize } from "./tokens.ts";
import type { Correction } from "./types.ts";

/** Below this, two file names are not "the same kind of file". */
export const SIMILAR_NAME_THRESHOLD = 0.6;

/** Words of a file name that say what it is: no extension, no numbers or dates, no stopwords. */
export function nameWords(fileName: string): Set<string> {
  const { stem } = splitExtension(fileName);
  return new Set(
    tokenize(stem)
      .map((t) => t.fold)
      .filter((w) => !/\d/.test(w) && w.length >= 2 && !STOPWORDS.has(w) && !isCalendarWord(w)),
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

/** The title of a first page: its first line, at most this long. */
const TITLE_CHARS = 100;

const titleOf = (firstPage: string | null): string =>
  (firstPage ?? "").trimStart().split("\n", 1)[0]?.slice(0, TITLE_CHARS) ?? "";

/**
 * The words a document was described by when it was filed: the message, the file name and the
 * first line of its first page (its title; a table's header rows say nothing), folded, without numbers, dates, stopwords, nor the words `ignored`
 * (those that say what kind of document it is — « compte rendu », « COPIL » — rather than what it
 * is about). Kept with the document so that a correction remembers why it was misplaced.
 */
export function clueWords(
  message: string,
  fileName: string,
  firstPage: string | null,
  ignored: (word: string) => boolean = () => false,
): string[] {
  const text = `${message} ${splitExtension(fileName).stem} ${titleOf(firstPage)}`;
  return [
    ...new Set(
      tokenize(text)
        .map((t) => t.fold)
        .filter(
          (w) => !/\d/.test(w) && w.length >= 3 && !STOPWORDS.has(w) && !isCalendarWord(w) && !ignored(w),
        ),
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

export const LEARNING = {
  /** Telling words shared with the corrections of one folder (a word known in two folders counts ½). */
  floor: 2,
  /** The best folder's evidence over the second's. */
  lead: 1.5,
  /** Confidence of one correction; each further one adds `step`, up to `max`. */
  base: 0.6,
  step: 0.1,
  max: 0.85,
};

/**
 * The folder earlier corrections point to for a document described by `words`: the words it
 * shares with documents moved by hand to each folder, each counting 1 / (number of folders it was
 * seen in) — a word of one series is telling, a word of every folder is not.
 */
export function learnedFolder(
  words: readonly string[],
  corrections: readonly Correction[],
): LearnedFolder | null {
  const remembered = corrections.filter((c) => c.words !== undefined && c.words.length > 0);
  if (remembered.length === 0 || words.length === 0) return null;
  const foldersOf = new Map<string, Set<string>>();
  for (const c of remembered) {
    for (const w of c.words ?? []) foldersOf.set(w, (foldersOf.get(w) ?? new Set()).add(c.folder));
  }
  const mine = new Set(words);
  const perFolder = new Map<string, { words: Set<string>; corrections: number }>();
  for (const c of remembered) {
    const shared = (c.words ?? []).filter((w) => mine.has(w));
    if (shared.length === 0) continue;
    const seen = perFolder.get(c.folder) ?? { words: new Set<string>(), corrections: 0 };
    for (const w of shared) seen.words.add(w);
    seen.corrections += 1;
    perFolder.set(c.folder, seen);
  }
  const ranked = [...perFolder.entries()]
    .map(([folder, seen]) => ({
      folder,
      ...seen,
      evidence: [...seen.words].reduce((sum, w) => sum + 1 / (foldersOf.get(w)?.size ?? 1), 0),
    }))
    .sort((a, b) => b.evidence - a.evidence);
  const [best, second] = ranked;
  if (best === undefined || best.evidence < LEARNING.floor) return null;
  if (second !== undefined && best.evidence < LEARNING.lead * second.evidence) return null;
  return {
    folder: best.folder,
    words: [...best.words],
    corrections: best.corrections,
    confidence: Math.min(LEARNING.max, LEARNING.base + LEARNING.step * (best.corrections - 1)),
  };
}
