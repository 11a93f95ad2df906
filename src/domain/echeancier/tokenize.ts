export type TokenKind = "word" | "number" | "punct";

export interface Token {
  readonly kind: TokenKind;
  /** Folded text: lower case, no accents. */
  readonly text: string;
  /** Offsets in the block text, end excluded. */
  readonly start: number;
  readonly end: number;
  /** Whether whitespace separates this token from the previous one. */
  readonly gapBefore: boolean;
}

function kindOf(char: string): TokenKind | "space" {
  if (/\s/.test(char)) return "space";
  if (char >= "0" && char <= "9") return "number";
  if (/\p{L}/u.test(char)) return "word";
  return "punct";
}

/** Splits folded text into runs of letters, runs of digits and single punctuation marks. */
export function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let gapBefore = false;
  while (index < folded.length) {
    const kind = kindOf(folded.charAt(index));
    if (kind === "space") {
      gapBefore = true;
      index += 1;
      continue;
    }
    let end = index + 1;
    if (kind !== "punct") {
      while (end < folded.length && kindOf(folded.charAt(end)) === kind) end += 1;
    }
    tokens.push({ kind, text: folded.slice(index, end), start: index, end, gapBefore });
    gapBefore = false;
    index = end;
  }
  return tokens;
}

/** The token texts of a folded phrase, for the fixed phrase lists of the grammar. */
export function phraseTokens(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.text);
}
