import { stripAccents } from "./fold.ts";

/** One run of letters and digits in a text, and where it is. */
export interface WordRun {
  /** As written. */
  word: string;
  start: number;
  end: number;
}

const WORDS = /[\p{L}\p{N}]+/gu;
const WORDS_AND_DOTTED = /\d+\.\d+|[\p{L}\p{N}]+/gu;
const WORDS_DOTTED_AND_MARKS = /\d+\.\d+|[\p{L}\p{N}]+|[?!.;]/gu;

/**
 * The words of a French text: runs of letters and digits; apostrophes, dashes, underscores and
 * dots separate them. `dottedNumbers`: « 2.3 » (a fiche number) stays one word. `sentenceMarks`:
 * « ? ! . ; » come out too, as one-character runs (where sentences end). The one word scanner of
 * the search analyser, the questions' reader, the filing and the stop-word list.
 */
export function wordRuns(text: string, options: WordOptions = {}): WordRun[] {
  const runs: WordRun[] = [];
  eachWord(text, (word, start) => runs.push({ word, start, end: start + word.length }), options);
  return runs;
}

export interface WordOptions {
  dottedNumbers?: boolean;
  sentenceMarks?: boolean;
}

/** `wordRuns` without building the list: each word and its offset, in order (the search's hot path). */
export function eachWord(
  text: string,
  visit: (word: string, start: number) => void,
  options: WordOptions = {},
): void {
  const pattern = options.sentenceMarks
    ? WORDS_DOTTED_AND_MARKS
    : options.dottedNumbers
      ? WORDS_AND_DOTTED
      : WORDS;
  for (const m of text.matchAll(pattern)) visit(m[0], m.index);
}

/**
 * A word as searched: lower case, accents folded — except « où », whose accent is all that tells
 * it from « ou ».
 */
export function searchForm(word: string): string {
  const lower = word.toLowerCase();
  // Most words are plain ASCII: nothing to fold.
  return /^[a-z0-9.]*$/.test(lower) || lower === "où" ? lower : stripAccents(lower);
}
