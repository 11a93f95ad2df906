import { DateTime } from "luxon";
import { addDays, localDate } from "../time/zoned.ts";

/**
 * A wall-clock time on a calendar date in `zone`. In the spring gap (02:00–03:00 does not exist)
 * luxon moves the time forward by the gap, so 02:30 becomes 03:30: never an instant inside it.
 * Null for a date that does not exist (29 February of a common year).
 */
export function localAt(date: string, hour: number, minute: number, zone: string): Date | null {
  // Planning asks for the same few wall-clock times again and again: remember them (pure function).
  const key = `${date}|${hour}|${minute}|${zone}`;
  const known = LOCAL_AT.get(key);
  if (known !== undefined) return known === null ? null : new Date(known);
  const [year, month, day] = date.split("-").map(Number);
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  const result = dt.isValid ? dt.toJSDate() : null;
  if (LOCAL_AT.size > 100_000) LOCAL_AT.clear();
  LOCAL_AT.set(key, result === null ? null : result.getTime());
  return result;
}

const LOCAL_AT = new Map<string, number | null>();

/** The instant a local calendar day is over (the next day's local midnight). */
export function endOfLocalDay(date: string, zone: string): Date | null {
  return localAt(addDays(date, 1), 0, 0, zone);
}

export { daysBetween, weekdayOf } from "../time/zoned.ts";

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
