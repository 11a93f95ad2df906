import { stemmer } from "@orama/stemmers/french";
import { FRENCH_STOPWORDS } from "../text/french/stopwords.ts";
import { eachWord, searchForm } from "../text/french/words.ts";

/**
 * French text analysis shared by the plan's passages and by questions: accents and case folded
 * (people type « creche » as often as « crèche »), French stop words dropped, words reduced by
 * the Snowball French stemmer (formation / formations → « format », jeunes → « jeun »).
 * Folding comes before stemming so that an accented word and its accentless spelling give the
 * same stem.
 */

/** A word as typed: folded for comparison, with its original spelling (case matters for « EN », « CA »). */
export interface Token {
  /** Lower case, accents folded. */
  text: string;
  /** As typed. */
  raw: string;
}

/**
 * Letters and digits runs; a dotted number (« 2.3 », a fiche number) stays one token. Accents are
 * folded except in « où », whose accent is all that tells it from « ou ».
 */
export function tokenize(input: string): Token[] {
  const out: Token[] = [];
  eachWord(input.normalize("NFC"), (word) => out.push({ raw: word, text: searchForm(word) }), {
    dottedNumbers: true,
  });
  return out;
}

export { FRENCH_STOPWORDS };

const stemCache = new Map<string, string>();

/** The stem of a folded word; numbers and words of three letters or less are kept as they are. */
export function stemWord(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

/** Turns texts into search terms: folded, stop words out, stemmed. */
export class FrenchAnalyzer {
  readonly stop: ReadonlySet<string>;

  constructor(extraStopwords: Iterable<string> = []) {
    const stop = new Set(FRENCH_STOPWORDS);
    for (const w of extraStopwords) for (const t of tokenize(w)) stop.add(t.text);
    this.stop = stop;
  }

  isStop(word: string): boolean {
    return this.stop.has(word);
  }

  /** The meaningful words of a text, folded, in order. */
  words(text: string): string[] {
    return tokenize(text)
      .map((t) => t.text)
      .filter((w) => !this.stop.has(w));
  }

  /** The search terms of a text, in order (duplicates kept). */
  terms(text: string): string[] {
    return this.words(text).map(stemWord);
  }

  /** The search terms of tokens already read (and rewritten). */
  termsOfTokens(tokens: readonly Token[]): string[] {
    return tokens.filter((t) => !this.stop.has(t.text)).map((t) => stemWord(t.text));
  }
}

const plain = new FrenchAnalyzer();

/** The search terms of a text with the French stop words only (no lexicon): names, expansions. */
export function stems(text: string): string[] {
  return plain.terms(text);
}
