import { normalizeText } from "../text/normalize.ts";

/** Words that carry no meaning for matching (accents already folded). */
export const STOPWORDS = new Set(
  `a au aux avec ce ces cet cette c d da dans de des du elle en est et etre eu il ils j je l la le les leur leurs lui
  m ma mais me meme mes moi mon n ne ni nos notre nous on ou par pas pour qu que quel quelle quelles quels qui s sa sans se
  ses si son sont sur t ta te tes toi ton tu un une vos votre vous y a-t-il est-ce ca cela ceci c est y-a-t-il il-y-a
  peux pouvez peut-on dire donner donne savoir sais connaitre merci bonjour svp stp sil plait aussi alors donc bien tres
  faire fait sera seront etait ont avez avons ai as`.split(/\s+/),
);

// Longest suffixes first; a stem keeps at least four letters so "jeux" stays "jeux".
const SUFFIXES = [
  "issements",
  "issement",
  "ations",
  "ation",
  "atrices",
  "atrice",
  "ateurs",
  "ateur",
  "ements",
  "ement",
  "ments",
  "ment",
  "ances",
  "ance",
  "ences",
  "ence",
  "esses",
  "esse",
  "euses",
  "euse",
  "eurs",
  "eur",
  "ites",
  "ite",
  "iques",
  "ique",
  "ismes",
  "isme",
  "istes",
  "iste",
  "ives",
  "ive",
  "ifs",
  "if",
  "elles",
  "elle",
  "ees",
  "ee",
  "es",
  "er",
  "ir",
  "e",
  "s",
  "x",
];

/** A light French stemmer: formation/former/formations → "form", jeunes/jeunesse → "jeun". */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Normalised, meaningful words of a text (accents and case folded, stop words dropped). */
export function words(text: string): string[] {
  return normalizeText(text)
    .split(" ")
    .filter((w) => w.length > 0 && !STOPWORDS.has(w));
}

/** The stems of a text's meaningful words. */
export function stems(text: string): string[] {
  return words(text).map(stem);
}
