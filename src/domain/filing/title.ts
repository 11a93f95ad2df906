import { foldAccents } from "../text/french/fold.ts";
import { STOPWORDS } from "./tokens.ts";

export const DEFAULT_TITLE_LENGTH = 60;

/** A clause break worth cutting at: "Équité territoriale, rétablir…" → "Équité territoriale". */
const BREAKS = [", ", " : ", " ; ", " – ", " — ", " - "];
/** A clause shorter than this says too little ("Aller vers"): cut at a word instead. */
const MIN_CLAUSE = 15;

/**
 * A plan title short enough for a folder name: quotes removed, cut at the first clause break that
 * fits, else at the last whole word, never ending on "de", "et", "la"… (≤ `max` characters).
 */
export function shortenTitle(title: string, max = DEFAULT_TITLE_LENGTH): string {
  const clean = title
    .replace(/[«»“”"]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (clean.length <= max) return clean;
  // An aside in brackets goes first: "Créer une offre RPE (Relais Petite Enfance) et parentalité…".
  const bare = clean.replace(/\s*\([^)]*\)/g, "");
  if (bare !== clean) return shortenTitle(bare, max);
  const breaks = BREAKS.map((b) => clean.indexOf(b)).filter((at) => at >= MIN_CLAUSE && at <= max);
  if (breaks.length > 0) return tidy(clean.slice(0, Math.min(...breaks)));
  const cut = clean.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(" ");
  return tidy(lastSpace > 0 ? cut.slice(0, lastSpace) : clean.slice(0, max));
}

function tidy(text: string): string {
  const words = text.replace(/[\s,;:(–—-]+$/, "").split(" ");
  while (words.length > 1 && isLoose(words[words.length - 1] ?? "")) words.pop();
  const out = words.join(" ").replace(/[\s,;:(–—-]+$/, "");
  const open = (out.match(/\(/g) ?? []).length;
  const close = (out.match(/\)/g) ?? []).length;
  return open > close ? out.replace(/\s*\([^)]*$/, "") : out;
}

function isLoose(word: string): boolean {
  const w = foldAccents(word).replace(/['’]$/, "");
  return STOPWORDS.has(w) || /['’]$/.test(word);
}
