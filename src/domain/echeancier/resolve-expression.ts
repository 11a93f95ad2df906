import { compareYmd, isoWeekday, isValidYmd } from "./calendar.ts";
import { coreYear, type DateExpression, type Point, type PointCore } from "./date-expression.ts";
import {
  applyModifier,
  dayBefore,
  dayPeriod,
  monthsPeriod,
  type Period,
  rangePeriod,
  schoolYearPeriod,
  yearPeriod,
} from "./period.ts";

/** A date expression turned into calendar days, with how sure we are. */
export interface Resolution {
  readonly period: Period;
  readonly confidence: number;
}

/** "avant 2025" becomes 31 December 2024: a reading of the deadline, not the words themselves. */
const BEFORE_CONFIDENCE = 0.9;
/** "vers 2025" */
const APPROXIMATE_CONFIDENCE = 0.8;
/** "lundi 26 mars 2024" when 26 March 2024 is a Tuesday: the date is kept, the doubt is said. */
const WEEKDAY_MISMATCH_CONFIDENCE = 0.6;

const SEASON_FIRST_MONTH = { spring: 3, summer: 6, autumn: 9, winter: 12 } as const;

function corePeriod(core: PointCore, year: number): Period | null {
  switch (core.kind) {
    case "day":
      if (core.month === null || !isValidYmd(year, core.month, core.day)) return null;
      return dayPeriod({ year, month: core.month, day: core.day });
    case "month":
      return monthsPeriod(year, core.month, 1);
    case "quarter":
      return monthsPeriod(year, (core.quarter - 1) * 3 + 1, 3);
    case "semester":
      return monthsPeriod(year, (core.semester - 1) * 6 + 1, 6);
    case "season":
      return monthsPeriod(core.season === "winter" ? year - 1 : year, SEASON_FIRST_MONTH[core.season], 3);
    case "schoolYear":
      return schoolYearPeriod(year);
    case "year":
      return yearPeriod(year);
  }
}

function pointPeriod(point: Point, year: number | null): Period | null {
  const effectiveYear = coreYear(point.core) ?? year;
  if (effectiveYear === null) return null;
  const period = corePeriod(point.core, effectiveYear);
  if (period === null || point.modifier === null) return period;
  return applyModifier(period, point.modifier);
}

function weekdayConfidence(point: Point, period: Period): number {
  const core = point.core;
  if (core.kind !== "day" || core.weekday === null) return 1;
  return isoWeekday(period.start) === core.weekday ? 1 : WEEKDAY_MISMATCH_CONFIDENCE;
}

/** Whether the expression names no year at all, so the year has to come from its context. */
export function needsYear(expression: DateExpression): boolean {
  if (expression.kind === "point") return coreYear(expression.point.core) === null;
  return coreYear(expression.from.core) === null && coreYear(expression.to.core) === null;
}

/** The first day of "du 3 au 5 mars" borrows the month of the second. */
function completeFrom(from: Point, to: Point): Point {
  if (from.core.kind !== "day" || from.core.month !== null || to.core.kind !== "day") return from;
  return { ...from, core: { ...from.core, month: to.core.month } };
}

function resolveRange(from: Point, to: Point, year: number | null, confidence: number): Resolution | null {
  const fromYear = coreYear(from.core);
  const toYear = coreYear(to.core);
  const start = completeFrom(from, to);
  let fromPeriod: Period | null;
  let toPeriod: Period | null;
  if (toYear !== null || fromYear === null) {
    toPeriod = pointPeriod(to, year);
    if (toPeriod === null) return null;
    const sameYear = toPeriod.end.year;
    fromPeriod = pointPeriod(start, sameYear);
    if (fromYear === null && fromPeriod !== null && compareYmd(fromPeriod.start, toPeriod.start) > 0) {
      fromPeriod = pointPeriod(start, sameYear - 1);
    }
  } else {
    fromPeriod = pointPeriod(start, null);
    if (fromPeriod === null) return null;
    toPeriod = pointPeriod(to, fromPeriod.start.year);
    if (toPeriod !== null && compareYmd(toPeriod.end, fromPeriod.start) < 0) {
      toPeriod = pointPeriod(to, fromPeriod.start.year + 1);
    }
  }
  if (fromPeriod === null || toPeriod === null || compareYmd(fromPeriod.start, toPeriod.end) > 0) return null;
  const weekdays = Math.min(weekdayConfidence(start, fromPeriod), weekdayConfidence(to, toPeriod));
  return { period: rangePeriod(fromPeriod, toPeriod), confidence: Math.min(confidence, weekdays) };
}

/**
 * Calendar days for an expression; `year` stands in for the year the text does not give.
 * Null when the date does not exist (31 février) or a needed year is missing.
 */
export function resolveExpression(expression: DateExpression, year: number | null): Resolution | null {
  if (expression.kind === "range") {
    return resolveRange(expression.from, expression.to, year, expression.confidence);
  }
  const { point } = expression;
  const period = pointPeriod(point, year);
  if (period === null) return null;
  let confidence = Math.min(point.confidence, weekdayConfidence(point, period));
  let result = period;
  if (expression.before && point.core.kind !== "day" && point.modifier === null) {
    result = dayBefore(period);
    confidence = Math.min(confidence, BEFORE_CONFIDENCE);
  }
  if (expression.approximate) confidence = Math.min(confidence, APPROXIMATE_CONFIDENCE);
  return { period: result, confidence };
}
