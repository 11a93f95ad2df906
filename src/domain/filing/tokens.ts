import { foldAccents } from "../text/french/fold.ts";
import { FRENCH_STOPWORDS } from "../text/french/stopwords.ts";
import { wordRuns } from "../text/french/words.ts";
/** Words of a text with their folded form, for matching phrases whatever the accents, case or separators. */

export interface Token {
  /** As written: "Émargement". */
  text: string;
  /** Lower case, accents folded, "st"/"ste" not expanded: "emargement". */
  fold: string;
  /** Offset of the token in the source text. */
  start: number;
}

/** Lower case with accents folded; every other character kept (digits, `/`, `.`, `-`). */
export function foldChars(input: string): string {
  return foldAccents(input);
}

/** Letters and digits runs; apostrophes, underscores, dashes and dots separate words. */
export function tokenize(input: string): Token[] {
  const out: Token[] = [];
  for (const { word, start } of wordRuns(input)) {
    const fold = foldChars(word).replace(/[^a-z0-9]/g, "");
    if (fold !== "") out.push({ text: word, fold, start });
  }
  return out;
}

/** One pattern word: a literal folded word or a regular expression source ("comptes?"). */
export type Phrase = readonly RegExp[];

/** "comptes? rendus?" → one anchored expression per word. */
export function phrase(source: string): Phrase {
  return source.split(" ").map((w) => new RegExp(`^(?:${w})$`));
}

/** Index of the first token where `words` match in sequence, from `from`; -1 when absent. */
export function findPhrase(tokens: readonly Token[], words: Phrase, from = 0): number {
  outer: for (let i = from; i + words.length <= tokens.length; i++) {
    for (let j = 0; j < words.length; j++) {
      const word = words[j];
      const token = tokens[i + j];
      if (word === undefined || token === undefined || !word.test(token.fold)) continue outer;
    }
    return i;
  }
  return -1;
}

/** The original text covered by tokens `from`..`to` (exclusive), as written. */
export function spanText(source: string, tokens: readonly Token[], from: number, to: number): string {
  const first = tokens[from];
  const last = tokens[to - 1];
  if (first === undefined || last === undefined) return "";
  return source.slice(first.start, last.start + last.text.length);
}

/** French words that carry no meaning for matching names and titles: the toolkit's one list. */
export const STOPWORDS: ReadonlySet<string> = FRENCH_STOPWORDS;

/** "Fichier_CR.Final.PDF" → { stem: "Fichier_CR.Final", extension: "pdf" }. */
export function splitExtension(fileName: string): { stem: string; extension: string } {
  const base = fileName.split(/[/\\]/).pop() ?? fileName;
  const m = /^(.+)\.([A-Za-z0-9]{1,5})$/.exec(base);
  if (m === null || m[1] === undefined || m[2] === undefined) return { stem: base, extension: "" };
  return { stem: m[1], extension: m[2].toLowerCase() };
}

/** "« CR »": how a reason quotes what it read. */
export function quote(text: string): string {
  return `« ${text.trim()} »`;
}
