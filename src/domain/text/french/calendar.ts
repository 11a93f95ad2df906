/**
 * French calendar words in folded form (lower case, no accents: `foldAccents`), the one table the
 * échéancier parser, the filing's dates and its word filters read.
 */

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

/** Every folded word that names a month (full or abbreviated) or a weekday. */
export function isCalendarWord(word: string): boolean {
  return MONTHS.has(word) || MONTH_ABBREVIATIONS.has(word) || WEEKDAYS.has(word);
}
