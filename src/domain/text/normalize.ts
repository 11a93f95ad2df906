import { foldAccents } from "./french/fold.ts";

/** Lower case, accents folded, punctuation turned into single spaces: the form used to compare names. */
export function normalizeText(input: string): string {
  return foldAccents(input)
    .replace(/[’'`´]/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** A stable key for a name: "Saint-Nicolas-de-la-Balerme" and "ST NICOLAS DE LA BALERME" give the same key. */
export function normalizeKey(input: string): string {
  return normalizeText(input)
    .replace(/\bst\b/g, "saint")
    .replace(/\bste\b/g, "sainte")
    .replace(/ /g, "-");
}

export function slugify(input: string): string {
  return normalizeText(input).replace(/ /g, "-");
}
