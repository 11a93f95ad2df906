/** French calendar words, in folded form (lower case, no accents). */

export const MONTHS: ReadonlyMap<string, number> = new Map([
  ["janvier", 1],
  ["fevrier", 2],
  ["mars", 3],
  ["avril", 4],
  ["mai", 5],
  ["juin", 6],
  ["juillet", 7],
  ["aout", 8],
  ["septembre", 9],
  ["octobre", 10],
  ["novembre", 11],
  ["decembre", 12],
]);

/** Abbreviations are only read as months next to a day, a year or an abbreviation dot ("sept" is also 7). */
export const MONTH_ABBREVIATIONS: ReadonlyMap<string, number> = new Map([
  ["janv", 1],
  ["fevr", 2],
  ["fev", 2],
  ["avr", 4],
  ["juil", 7],
  ["sept", 9],
  ["oct", 10],
  ["nov", 11],
  ["dec", 12],
]);

/** ISO weekday numbers: 1 = lundi … 7 = dimanche. */
export const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ["lundi", 1],
  ["mardi", 2],
  ["mercredi", 3],
  ["jeudi", 4],
  ["vendredi", 5],
  ["samedi", 6],
  ["dimanche", 7],
]);

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
