import { DateTime } from "luxon";

/** `2024-01-19T09:30` or `2024-01-19` read in `zone` → the instant; a date alone is local midnight. */
export function localToInstant(local: string, zone: string): Date {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`Invalid local date-time "${local}" in ${zone}: ${dt.invalidExplanation}`);
  return dt.toJSDate();
}

/** The inverse of `localToInstant`: `YYYY-MM-DD` when `dateOnly`, else `YYYY-MM-DDTHH:MM`. */
export function instantToLocal(instant: Date, zone: string, dateOnly: boolean): string {
  const dt = DateTime.fromJSDate(instant, { zone });
  return dateOnly ? dt.toFormat("yyyy-MM-dd") : dt.toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The calendar date of an instant in `zone`, `YYYY-MM-DD`. */
export function localDate(instant: Date, zone: string): string {
  let format = DAY_FORMATS.get(zone);
  if (format === undefined) {
    // en-CA writes dates YYYY-MM-DD; one formatter per zone, reused (luxon is ten times slower here).
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    DAY_FORMATS.set(zone, format);
  }
  const day = format.format(instant);
  // Years before 1000 or after 9999 are not written on four digits there: luxon handles them.
  return /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? day
    : DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd");
}

const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

export function isValidZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/** Adds days to a calendar date `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

const utcDay = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000;
};

/** Whole calendar days from `a` to `b` (both `YYYY-MM-DD`); negative when `b` is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round(utcDay(b) - utcDay(a));
}

/** ISO weekday (1 = Monday) of a calendar date. */
export function weekdayOf(date: string): number {
  const day = new Date(utcDay(date) * 86_400_000).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Adds calendar months; a day the target month lacks becomes its last day (31 March − 1 month = 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const target = Date.UTC(y ?? 0, (m ?? 1) - 1 + months, 1);
  const month = new Date(target);
  const lastDay = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(target + (Math.min(d ?? 1, lastDay) - 1) * 86_400_000).toISOString().slice(0, 10);
}

/** A Prisma `@db.Date` value (UTC midnight) ↔ `YYYY-MM-DD`. */
export function dateToIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isoToDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** True for an existing calendar date written `YYYY-MM-DD` (2024-02-30 is not one). */
export function isCalendarDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: "UTC" }).isValid;
}

/** True for `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` naming a date and time that exist. */
export function isLocalDateTime(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(s) && DateTime.fromISO(s, { zone: "UTC" }).isValid;
}
