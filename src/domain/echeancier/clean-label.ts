const EDGE_PUNCTUATION = '\\s,;:.\\-–—+/|•·*"«»';
/** Joining words, and OCR check-mark bullets read as a letter with quotes ("v'", "v\""). */
const LEADING = new RegExp(
  `^(?:[${EDGE_PUNCTUATION})\\]]+|(?:et|ou|puis)(?=\\s)|\\p{L}['’‘"]+(?=\\s)|[a-z](?=\\s\\p{Lu}))+`,
  "u",
);
const TRAILING = new RegExp(`(?:[${EDGE_PUNCTUATION}(\\[]+|(?<=\\s)(?:et|ou|puis|\\p{L}['’‘"]*))+$`, "iu");
const EMPTY_BRACKETS = /\(\s*\)|\[\s*\]/g;

/** A label without the separators and joining words left around it once the dates are cut out. */
export function cleanLabel(fragment: string): string {
  let label = fragment
    .replace(EMPTY_BRACKETS, " ")
    .replace(/\s+/g, " ")
    .replace(/\s+([,.)\]])/g, "$1")
    .replace(/([([])\s+/g, "$1")
    .trim();
  for (let pass = 0; pass < 4; pass += 1) {
    const next = label.replace(LEADING, "").replace(TRAILING, "").trim();
    if (next === label) break;
    label = next;
  }
  return isMeaningful(label) ? label : "";
}

/** A source fragment with the surrounding blanks and dangling separators removed. */
export function trimFragment(fragment: string): string {
  return fragment
    .trim()
    .replace(/^[,;:]\s*/, "")
    .replace(/\s*[,;:]$/, "")
    .trim();
}

/** Whether a piece of text without a date says anything (more than a bullet or a stray letter). */
export function isMeaningful(fragment: string): boolean {
  return /\p{L}{2,}/u.test(fragment);
}
