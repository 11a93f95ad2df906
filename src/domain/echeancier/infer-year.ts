import { compareYmd, isoWeekday, toDayNumber, type Ymd } from "./calendar.ts";
import type { DateExpression } from "./date-expression.ts";
import { needsYear, type Resolution, resolveExpression } from "./resolve-expression.ts";

/** What can stand in for a year the text does not give. */
export interface YearContext {
  /** The reference date ("today" unless the caller says otherwise). */
  readonly ref: Ymd;
  /** Start of a later date of the same run that names its year: "16 février et 8 mars 2024". */
  readonly sibling: Ymd | null;
  /** The previous milestone of the same text that names its year, when it can place undated ones. */
  readonly anchor: Anchor | null;
}

/** See `resolveWithContext`: a written year, or a dated period shorter than a year. */
export interface Anchor {
  readonly start: Ymd;
  /** "2019": the undated milestones after it belong to that year. */
  readonly wholeYear: boolean;
}

/** The year follows the previous milestone of the same list: a reading, not the text. */
export const ANCHOR_CONFIDENCE = 0.9;
/** The year comes from the reference date alone. */
export const REF_CONFIDENCE = 0.8;
/** "mardi 26 mars": the year whose 26 March is a Tuesday, nearest the reference date. */
export const WEEKDAY_CONFIDENCE = 0.8;
/** How far from the reference date a weekday match may be and still count (days). */
const WEEKDAY_WINDOW_DAYS = 366;
/** Years tried around the reference or anchor (29 February may need a few). */
const YEARS_BEHIND = 1;
const YEARS_AHEAD = 8;

function capped(resolution: Resolution | null, cap: number): Resolution | null {
  return resolution === null ? null : { ...resolution, confidence: Math.min(resolution.confidence, cap) };
}

function namedWeekday(expression: DateExpression): number | null {
  if (expression.kind !== "point" || expression.point.core.kind !== "day") return null;
  return expression.point.core.weekday;
}

/**
 * "mardi 26 mars": among the years within a year of the reference date where 26 March is a Tuesday,
 * the nearest one; null (ambiguous) when there is none or two are equally near.
 */
function nearestWeekdayMatch(expression: DateExpression, weekday: number, ref: Ymd): Resolution | null {
  const refDay = toDayNumber(ref);
  const candidates: { resolution: Resolution; distance: number }[] = [];
  for (let year = ref.year - 2; year <= ref.year + 2; year += 1) {
    const resolution = resolveExpression(expression, year);
    if (resolution === null || isoWeekday(resolution.period.start) !== weekday) continue;
    const distance = Math.abs(toDayNumber(resolution.period.start) - refDay);
    if (distance <= WEEKDAY_WINDOW_DAYS) candidates.push({ resolution, distance });
  }
  candidates.sort((a, b) => a.distance - b.distance);
  const [best, second] = candidates;
  if (best === undefined) return null;
  if (second !== undefined && second.distance === best.distance) return null;
  const exact = resolveExpression(expression, best.resolution.period.start.year);
  return capped(exact, WEEKDAY_CONFIDENCE);
}

function firstYearWhere(
  expression: DateExpression,
  around: number,
  accept: (resolution: Resolution) => boolean,
): Resolution | null {
  for (let year = around - YEARS_BEHIND; year <= around + YEARS_AHEAD; year += 1) {
    const resolution = resolveExpression(expression, year);
    if (resolution !== null && accept(resolution)) return resolution;
  }
  return null;
}

/**
 * Resolves an expression, inferring a missing year in this order: a later date of the same run
 * ("16 février et 8 mars 2024"), the weekday rule ("mardi 26 mars"), the previous dated milestone of
 * the text (its year, or the first occurrence after it), then the reference date (the first
 * occurrence that has not ended before it).
 */
export function resolveWithContext(expression: DateExpression, context: YearContext): Resolution | null {
  if (!needsYear(expression)) return resolveExpression(expression, null);
  const { sibling, anchor, ref } = context;
  if (sibling !== null) {
    const same = resolveExpression(expression, sibling.year);
    if (same !== null && compareYmd(same.period.start, sibling) <= 0) return same;
    return resolveExpression(expression, sibling.year - 1);
  }
  const weekday = namedWeekday(expression);
  if (weekday !== null) return nearestWeekdayMatch(expression, weekday, ref);
  if (anchor?.wholeYear) return capped(resolveExpression(expression, anchor.start.year), ANCHOR_CONFIDENCE);
  if (anchor) {
    const following = firstYearWhere(
      expression,
      anchor.start.year,
      (r) => compareYmd(r.period.start, anchor.start) >= 0,
    );
    return capped(following, ANCHOR_CONFIDENCE);
  }
  const next = firstYearWhere(expression, ref.year, (r) => compareYmd(r.period.end, ref) >= 0);
  return capped(next, REF_CONFIDENCE);
}
