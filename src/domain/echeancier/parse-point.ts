import type { Point } from "./date-expression.ts";
import { readDayPoint, readMonthPoint, readNumericDate, readYearPoint } from "./parse-calendar-point.ts";
import { readPeriodPoint } from "./parse-period-point.ts";
import type { Modifier } from "./period.ts";
import {
  compilePhrases,
  isGluedAt,
  isPunctAt,
  isWordAt,
  matchLongest,
  type Parsed,
  readYear,
  textAt,
} from "./token-cursor.ts";
import type { Token } from "./tokenize.ts";

/** "début" and "fin" narrow a period to a conventional slice of it. */
export const EDGE_CONFIDENCE = 0.7;
/** "mi-" is fuzzier still. */
export const MIDDLE_CONFIDENCE = 0.6;

const MODIFIERS: ReadonlyMap<string, Modifier> = new Map([
  ["debut", "start"],
  ["fin", "end"],
  ["mi", "middle"],
  ["milieu", "middle"],
]);

const MODIFIER_LINKS = compilePhrases(["de l'", "de la", "du", "de", "d'"]);

function longest(candidates: readonly (Parsed<Point> | null)[]): Parsed<Point> | null {
  let best: Parsed<Point> | null = null;
  for (const candidate of candidates) {
    if (candidate !== null && (best === null || candidate.next > best.next)) best = candidate;
  }
  return best;
}

function readPlainPoint(
  tokens: readonly Token[],
  index: number,
  allowDayOnly: boolean,
): Parsed<Point> | null {
  return longest([
    readNumericDate(tokens, index),
    readDayPoint(tokens, index, allowDayOnly),
    readMonthPoint(tokens, index),
    readYearPoint(tokens, index),
    readPeriodPoint(tokens, index),
  ]);
}

/** "d'année", "de l'année 2024" after a modifier: the (possibly unnamed) year. */
function readYearWord(tokens: readonly Token[], index: number): Parsed<Point> | null {
  if (!isWordAt(tokens, index, "annee") || isWordAt(tokens, index + 1, "scolaire")) return null;
  const year = readYear(tokens, index + 1);
  return {
    value: { core: { kind: "year", year: year?.value ?? null }, modifier: null, confidence: 1 },
    next: year?.next ?? index + 1,
  };
}

/** "fin 2026", "début 2025", "mi-2025", "mi-juin", "fin du premier semestre 2025", "fin d'année". */
function readModifiedPoint(tokens: readonly Token[], index: number): Parsed<Point> | null {
  const modifier = MODIFIERS.get(textAt(tokens, index) ?? "");
  if (modifier === undefined || tokens[index]?.kind !== "word") return null;
  let at = index + 1;
  if (isPunctAt(tokens, at, "-") && isGluedAt(tokens, at)) at += 1;
  const link = matchLongest(tokens, at, MODIFIER_LINKS);
  const starts = link === null ? [at] : [link.next, at];
  for (const start of starts) {
    const base = longest([readYearWord(tokens, start), readPlainPoint(tokens, start, false)]);
    if (base === null || base.value.core.kind === "day" || base.value.modifier !== null) continue;
    const cap = modifier === "middle" ? MIDDLE_CONFIDENCE : EDGE_CONFIDENCE;
    return {
      value: { ...base.value, modifier, confidence: Math.min(base.value.confidence, cap) },
      next: base.next,
    };
  }
  return null;
}

/**
 * One date or period as written, without connecting words: a day, a month, a quarter, a semester, a
 * season, a school year, a year, possibly narrowed by "début" / "mi-" / "fin". `allowDayOnly` accepts a
 * bare day number (the "3" of "du 3 au 5 mars").
 */
export function parsePoint(
  tokens: readonly Token[],
  index: number,
  allowDayOnly: boolean,
): Parsed<Point> | null {
  return longest([readModifiedPoint(tokens, index), readPlainPoint(tokens, index, allowDayOnly)]);
}
