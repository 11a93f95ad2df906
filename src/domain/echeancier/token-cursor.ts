import { phraseTokens, type Token } from "./tokenize.ts";

/** A successful parse of something starting at a token index; `next` is the index just after it. */
export interface Parsed<T> {
  readonly value: T;
  readonly next: number;
}

export function textAt(tokens: readonly Token[], index: number): string | undefined {
  return tokens[index]?.text;
}

export function isWordAt(tokens: readonly Token[], index: number, ...words: string[]): boolean {
  const token = tokens[index];
  return token !== undefined && token.kind === "word" && words.includes(token.text);
}

export function isPunctAt(tokens: readonly Token[], index: number, ...marks: string[]): boolean {
  const token = tokens[index];
  return token !== undefined && token.kind === "punct" && marks.includes(token.text);
}

/** True when the token at `index` is written right after the previous one, with no space. */
export function isGluedAt(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  return token !== undefined && !token.gapBefore;
}

/** Compiles phrases ("jusqu'au") to token sequences once, for `matchLongest`. */
export function compilePhrases(phrases: readonly string[]): readonly (readonly string[])[] {
  return phrases.map(phraseTokens);
}

function matchSequence(tokens: readonly Token[], index: number, sequence: readonly string[]): number | null {
  for (let offset = 0; offset < sequence.length; offset += 1) {
    if (textAt(tokens, index + offset) !== sequence[offset]) return null;
  }
  return index + sequence.length;
}

/** The longest of the compiled phrases found at `index`, with its position in the list. */
export function matchLongest(
  tokens: readonly Token[],
  index: number,
  sequences: readonly (readonly string[])[],
): { next: number; which: number } | null {
  let best: { next: number; which: number } | null = null;
  for (let which = 0; which < sequences.length; which += 1) {
    const sequence = sequences[which];
    const next = sequence === undefined ? null : matchSequence(tokens, index, sequence);
    if (next !== null && (best === null || next > best.next)) best = { next, which };
  }
  return best;
}

/** A 4-digit year between 1900 and 2100 that is not part of a larger word, amount or percentage. */
export function readYear(tokens: readonly Token[], index: number): Parsed<number> | null {
  const token = tokens[index];
  if (token === undefined || token.kind !== "number" || token.text.length !== 4) return null;
  const year = Number(token.text);
  if (year < 1900 || year > 2100) return null;
  const previous = tokens[index - 1];
  if (previous !== undefined && !token.gapBefore && (previous.kind === "word" || previous.text === "°"))
    return null;
  // "DCA_xxx/2022" is a reference number, not a year.
  const beforePrevious = tokens[index - 2];
  const inReference = previous?.text === "/" || previous?.text === "_";
  if (inReference && !token.gapBefore && !previous.gapBefore && beforePrevious?.kind === "word") return null;
  const next = tokens[index + 1];
  if (next !== undefined && !next.gapBefore && next.kind === "word") return null;
  if (next !== undefined && (next.text === "%" || next.text === "€" || next.text === "euros")) return null;
  return { value: year, next: index + 1 };
}

/** A number of one or two digits between `min` and `max`. */
export function readSmallNumber(
  tokens: readonly Token[],
  index: number,
  min: number,
  max: number,
): Parsed<number> | null {
  const token = tokens[index];
  if (token === undefined || token.kind !== "number" || token.text.length > 2) return null;
  const value = Number(token.text);
  return value >= min && value <= max ? { value, next: index + 1 } : null;
}
