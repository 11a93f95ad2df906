import { addDays, daysInMonth, toDayNumber, type Ymd } from "./calendar.ts";
import type { Precision } from "./types.ts";

/** A closed span of calendar days with the precision it was written with. */
export interface Period {
  readonly start: Ymd;
  readonly end: Ymd;
  readonly precision: Precision;
}

/** Months counted from year 0 so that spans can cross a year boundary: index = year * 12 + (month - 1). */
function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

function fromMonthIndex(index: number): { year: number; month: number } {
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The precision a span of whole months deserves: a calendar month, quarter, semester or year, else a range. */
function precisionOfMonths(firstMonth: number, count: number): Precision {
  if (count === 1) return "month";
  if (count === 3 && (firstMonth - 1) % 3 === 0) return "quarter";
  if (count === 6 && (firstMonth - 1) % 6 === 0) return "semester";
  if (count === 12 && firstMonth === 1) return "year";
  return "range";
}

/** `count` whole months starting with `month` of `year`. */
export function monthsPeriod(year: number, month: number, count: number): Period {
  const first = monthIndex(year, month);
  const last = fromMonthIndex(first + count - 1);
  return {
    start: { year, month, day: 1 },
    end: { year: last.year, month: last.month, day: daysInMonth(last.year, last.month) },
    precision: precisionOfMonths(month, count),
  };
}

export function dayPeriod(date: Ymd): Period {
  return { start: date, end: date, precision: "day" };
}

export function yearPeriod(year: number): Period {
  return monthsPeriod(year, 1, 12);
}

/** French school year convention used here: 1 September of `startYear` to 31 August of the next year. */
export function schoolYearPeriod(startYear: number): Period {
  return { ...monthsPeriod(startYear, 9, 12), precision: "schoolYear" };
}

export function rangePeriod(from: Period, to: Period): Period {
  return { start: from.start, end: to.end, precision: "range" };
}

/** Whole months covered by a period that starts on a 1st and ends on a month's last day; null otherwise. */
export function monthCount(period: Period): number | null {
  const { start, end } = period;
  if (start.day !== 1 || end.day !== daysInMonth(end.year, end.month)) return null;
  return monthIndex(end.year, end.month) - monthIndex(start.year, start.month) + 1;
}

export type Modifier = "start" | "middle" | "end";

/**
 * "début", "mi-" and "fin" applied to a period:
 * - a month: days 1–10, 11–20, 21–last (the French décades);
 * - three months: the first, middle or last month;
 * - six or twelve months: the first three months, the two middle months, the last three months.
 */
export function applyModifier(period: Period, modifier: Modifier): Period {
  const count = monthCount(period);
  const { year, month } = period.start;
  if (count === null) return period;
  if (count === 1) {
    const last = daysInMonth(year, month);
    const [from, to] = modifier === "start" ? [1, 10] : modifier === "middle" ? [11, 20] : [21, last];
    return { start: { year, month, day: from }, end: { year, month, day: to }, precision: "range" };
  }
  const first = monthIndex(year, month);
  const slice = (offset: number, length: number): Period => {
    const at = fromMonthIndex(first + offset);
    return monthsPeriod(at.year, at.month, length);
  };
  if (count >= 6) {
    if (modifier === "start") return slice(0, 3);
    if (modifier === "end") return slice(count - 3, 3);
    return count % 2 === 0 ? slice(count / 2 - 1, 2) : slice((count - 1) / 2, 1);
  }
  if (modifier === "start") return slice(0, 1);
  if (modifier === "end") return slice(count - 1, 1);
  return slice(Math.floor((count - 1) / 2), 1);
}

/** The last day before a period starts, as a one-day period ("avant 2025" → 31 December 2024). */
export function dayBefore(period: Period): Period {
  const day = addDays(period.start, -1);
  return { start: day, end: day, precision: "day" };
}

export function spanInDays(period: Period): number {
  return toDayNumber(period.end) - toDayNumber(period.start) + 1;
}
