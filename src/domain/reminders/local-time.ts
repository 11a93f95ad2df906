import { DateTime } from "luxon";
import { addDays, localDate } from "../time/zoned.ts";

/**
 * A wall-clock time on a calendar date in `zone`. In the spring gap (02:00–03:00 does not exist)
 * luxon moves the time forward by the gap, so 02:30 becomes 03:30: never an instant inside it.
 * Null for a date that does not exist (29 February of a common year).
 */
export function localAt(date: string, hour: number, minute: number, zone: string): Date | null {
  const [year, month, day] = date.split("-").map(Number);
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  return dt.isValid ? dt.toJSDate() : null;
}

/** The instant a local calendar day is over (the next day's local midnight). */
export function endOfLocalDay(date: string, zone: string): Date | null {
  return localAt(addDays(date, 1), 0, 0, zone);
}

/** Whole calendar days from `a` to `b` (both `YYYY-MM-DD`); negative when `b` is earlier. */
export function daysBetween(a: string, b: string): number {
  const from = DateTime.fromISO(a, { zone: "UTC" });
  const to = DateTime.fromISO(b, { zone: "UTC" });
  return Math.round(to.diff(from, "days").days);
}

/** ISO weekday (1 = Monday) of a calendar date. */
export function weekdayOf(date: string): number {
  return DateTime.fromISO(date, { zone: "UTC" }).weekday;
}

/** The half-open window [from, to) in which occurrences are planned, with its local dates. */
export interface PlanWindow {
  from: Date;
  to: Date;
  zone: string;
}

export function inWindow(at: Date | null, w: PlanWindow): at is Date {
  return at !== null && at.getTime() >= w.from.getTime() && at.getTime() < w.to.getTime();
}

/** Every local calendar date the window touches, first to last (empty for an empty window). */
export function windowDates(w: PlanWindow): string[] {
  if (w.to.getTime() <= w.from.getTime()) return [];
  const last = localDate(w.to, w.zone);
  const dates: string[] = [];
  for (let d = localDate(w.from, w.zone); d <= last; d = addDays(d, 1)) dates.push(d);
  return dates;
}
