import type { Ymd } from "./calendar.ts";

/** The calendar date it is in Paris at `now` (the default reference date of the parser). */
export function todayInParis(now: Date): Ymd {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const part = (type: "year" | "month" | "day") => Number(parts.find((item) => item.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day") };
}
