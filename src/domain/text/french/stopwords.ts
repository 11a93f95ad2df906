import { stopwords } from "@orama/stopwords/french";
import { searchForm, wordRuns } from "./words.ts";

/**
 * The French stop words: Snowball's French list as `@orama/stopwords` ships it (articles,
 * prepositions, pronouns, the forms of « être » and « avoir »), lower case, accents folded
 * except in « où », split where the list writes an apostrophe. One list for the search analyser
 * and the filing's reading of names and titles.
 */
export const FRENCH_STOPWORDS: ReadonlySet<string> = new Set(
  stopwords.flatMap((entry) => wordRuns(entry.normalize("NFC")).map(({ word }) => searchForm(word))),
);
