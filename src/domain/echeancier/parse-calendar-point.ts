import type { Point, PointCore } from "./date-expression.ts";
import {
  compilePhrases,
  isGluedAt,
  isPunctAt,
  isWordAt,
  matchLongest,
  type Parsed,
  readSmallNumber,
  readYear,
  textAt,
} from "./token-cursor.ts";
import type { Token } from "./tokenize.ts";
import { MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS } from "./vocabulary.ts";

/** Confidence of "le xx xxxxx 2022": only the year of a placeholder date can be read. */
const PLACEHOLDER_CONFIDENCE = 0.5;
/** Confidence of "20222026", two years whose dash was lost (OCR). */
const JOINED_YEARS_CONFIDENCE = 0.7;

const OF_THE_YEAR = compilePhrases(["de l'annee", "de l'an", "de"]);

function parsed(core: PointCore, next: number, confidence = 1): Parsed<Point> {
  return { value: { core, modifier: null, confidence }, next };
}

/** A month name; abbreviations ("sept", "dec.") report it so callers can ask for a dot, a day or a year. */
function readMonthWord(
  tokens: readonly Token[],
  index: number,
): Parsed<{ month: number; abbreviated: boolean; dotted: boolean }> | null {
  const text = textAt(tokens, index);
  if (text === undefined || tokens[index]?.kind !== "word") return null;
  const full = MONTHS.get(text);
  if (full !== undefined)
    return { value: { month: full, abbreviated: false, dotted: false }, next: index + 1 };
  const short = MONTH_ABBREVIATIONS.get(text);
  if (short === undefined) return null;
  const dotted = isPunctAt(tokens, index + 1, ".") && isGluedAt(tokens, index + 1);
  return { value: { month: short, abbreviated: true, dotted }, next: dotted ? index + 2 : index + 1 };
}

/** "26", "1er", "1 er", "premier". */
function readDayNumber(tokens: readonly Token[], index: number): Parsed<number> | null {
  if (isWordAt(tokens, index, "premier")) return { value: 1, next: index + 1 };
  const number = readSmallNumber(tokens, index, 1, 31);
  if (number === null) return null;
  if (number.value === 1 && isWordAt(tokens, number.next, "er", "re"))
    return { value: 1, next: number.next + 1 };
  const after = tokens[number.next];
  if (after !== undefined && after.kind === "word" && !after.gapBefore) return null;
  return number;
}

/** "mardi 26 mars", "19 octobre 2023", "1er janvier 2022"; with `allowDayOnly`, also the "3" of "du 3 au 5 mars". */
export function readDayPoint(
  tokens: readonly Token[],
  index: number,
  allowDayOnly: boolean,
): Parsed<Point> | null {
  const weekday = WEEKDAYS.get(textAt(tokens, index) ?? "") ?? null;
  const day = readDayNumber(tokens, weekday === null ? index : index + 1);
  if (day === null) return null;
  const month = readMonthWord(tokens, day.next);
  if (month === null) {
    return allowDayOnly
      ? parsed({ kind: "day", day: day.value, month: null, year: null, weekday }, day.next)
      : null;
  }
  const year = readYear(tokens, month.next);
  const core: PointCore = {
    kind: "day",
    day: day.value,
    month: month.value.month,
    year: year?.value ?? null,
    weekday,
  };
  return parsed(core, year?.next ?? month.next);
}

function fullYear(token: Token | undefined): number | null {
  if (token === undefined || token.kind !== "number") return null;
  if (token.text.length === 4) return Number(token.text);
  return token.text.length === 2 ? 2000 + Number(token.text) : null;
}

/** "26/03/2024", "26/03/24", "26.03.2024", "2024-03-26", "03/2024" and, with two digits each, "26/03". */
export function readNumericDate(tokens: readonly Token[], index: number): Parsed<Point> | null {
  const glued = (at: number) => isGluedAt(tokens, at);
  const iso = readYear(tokens, index);
  if (iso !== null && isPunctAt(tokens, index + 1, "-") && glued(index + 1) && glued(index + 2)) {
    const month = readSmallNumber(tokens, index + 2, 1, 12);
    const day = isPunctAt(tokens, index + 3, "-") && glued(index + 3) && glued(index + 4);
    const dayNumber = day ? readSmallNumber(tokens, index + 4, 1, 31) : null;
    if (month !== null && dayNumber !== null) {
      return parsed(
        { kind: "day", day: dayNumber.value, month: month.value, year: iso.value, weekday: null },
        index + 5,
      );
    }
  }
  const first = readSmallNumber(tokens, index, 1, 31);
  const separator = textAt(tokens, index + 1);
  if (first === null || separator === undefined || !["/", ".", "-"].includes(separator) || !glued(index + 1))
    return null;
  if (!glued(index + 2)) return null;
  if (separator === "/" && first.value <= 12) {
    const monthYear = readYear(tokens, index + 2);
    if (monthYear !== null)
      return parsed({ kind: "month", month: first.value, year: monthYear.value }, index + 3);
  }
  const month = readSmallNumber(tokens, index + 2, 1, 12);
  if (month === null) return null;
  if (isPunctAt(tokens, index + 3, separator) && glued(index + 3) && glued(index + 4)) {
    const year = fullYear(tokens[index + 4]);
    const after = tokens[index + 5];
    const gluedAfter = after !== undefined && !after.gapBefore && after.kind !== "punct";
    if (year !== null && !gluedAfter) {
      return parsed({ kind: "day", day: first.value, month: month.value, year, weekday: null }, index + 5);
    }
    return null;
  }
  const twoDigits = textAt(tokens, index)?.length === 2 && textAt(tokens, index + 2)?.length === 2;
  const after = tokens[index + 3];
  const continues = after !== undefined && !after.gapBefore && (after.kind !== "punct" || after.text === "/");
  if (separator !== "/" || !twoDigits || continues || isWordAt(tokens, index + 3, "ans", "an")) return null;
  return parsed({ kind: "day", day: first.value, month: month.value, year: null, weekday: null }, index + 3);
}

/** "novembre", "Décembre 2023", "mois de juin", "sept. 2024", "juin de l'année 2025". */
export function readMonthPoint(tokens: readonly Token[], index: number): Parsed<Point> | null {
  let at = index;
  if (isWordAt(tokens, at, "mois")) {
    if (isWordAt(tokens, at + 1, "de")) at += 2;
    else if (isWordAt(tokens, at + 1, "d") && isPunctAt(tokens, at + 2, "'")) at += 3;
  }
  const month = readMonthWord(tokens, at);
  if (month === null) return null;
  const direct = readYear(tokens, month.next);
  const ofYear = matchLongest(tokens, month.next, OF_THE_YEAR);
  const year = direct ?? (ofYear === null ? null : readYear(tokens, ofYear.next));
  if (month.value.abbreviated && !month.value.dotted && year === null) return null;
  return parsed(
    { kind: "month", month: month.value.month, year: year?.value ?? null },
    year?.next ?? month.next,
  );
}

function isPlaceholderWord(token: Token | undefined): boolean {
  return token !== undefined && token.kind === "word" && /^x{2,}$/.test(token.text);
}

/** "2023", "l'année 2023", "20222026" (a lost dash) and "xx xxxxxxx 2022" (a placeholder date). */
export function readYearPoint(tokens: readonly Token[], index: number): Parsed<Point> | null {
  if (isWordAt(tokens, index, "annee", "an")) {
    const year = readYear(tokens, index + 1);
    return year === null ? null : parsed({ kind: "year", year: year.value }, year.next);
  }
  if (isPlaceholderWord(tokens[index])) {
    let at = index + 1;
    while (isPlaceholderWord(tokens[at]) && at < index + 3) at += 1;
    const year = readYear(tokens, at);
    return year === null
      ? null
      : parsed({ kind: "year", year: year.value }, year.next, PLACEHOLDER_CONFIDENCE);
  }
  const year = readYear(tokens, index);
  return year === null ? null : parsed({ kind: "year", year: year.value }, year.next);
}

/** "20222026": returns both years when the OCR glued them. */
export function readJoinedYears(
  tokens: readonly Token[],
  index: number,
): Parsed<{ from: number; to: number; confidence: number }> | null {
  const token = tokens[index];
  if (token === undefined || token.kind !== "number" || token.text.length !== 8) return null;
  const from = Number(token.text.slice(0, 4));
  const to = Number(token.text.slice(4));
  const next = tokens[index + 1];
  if (next !== undefined && !next.gapBefore && next.kind === "word") return null;
  if (from < 1900 || to > 2100 || to <= from || to - from > 10) return null;
  return { value: { from, to, confidence: JOINED_YEARS_CONFIDENCE }, next: index + 1 };
}
