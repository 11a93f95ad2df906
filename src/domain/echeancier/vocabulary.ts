/** French calendar words, in folded form (lower case, no accents). */

export { MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS } from "../text/french/calendar.ts";

export type Season = "spring" | "summer" | "autumn" | "winter";

export const SEASONS: ReadonlyMap<string, Season> = new Map([
  ["printemps", "spring"],
  ["ete", "summer"],
  ["automne", "autumn"],
  ["hiver", "winter"],
]);

/** Ordinals written as words; "dernier" is the last one of its kind. */
export const ORDINAL_WORDS: ReadonlyMap<string, number | "last"> = new Map<string, number | "last">([
  ["premier", 1],
  ["premiere", 1],
  ["deuxieme", 2],
  ["second", 2],
  ["seconde", 2],
  ["troisieme", 3],
  ["quatrieme", 4],
  ["dernier", "last"],
  ["derniere", "last"],
]);

/** Suffixes glued to a number to make an ordinal: 1er, 1re, 2e, 2ème, 2nd, 3ème, 4ieme… */
export const ORDINAL_SUFFIXES: ReadonlySet<string> = new Set([
  "er",
  "re",
  "ere",
  "e",
  "eme",
  "em",
  "ieme",
  "nd",
  "nde",
  "d",
]);
