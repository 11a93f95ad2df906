import { DateTime } from "luxon";
import type { Precision } from "../echeancier/types.ts";

const MONTHS = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];

/** `2024-03-26` → "mardi 26 mars 2024" (1er for the first day of a month). */
export function formatDateFr(iso: string, options: { weekday?: boolean } = {}): string {
  const [year, month, dayOfMonth] = iso.slice(0, 10).split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, dayOfMonth ?? 1));
  const day = date.getUTCDate() === 1 ? "1er" : String(date.getUTCDate());
  const text = `${day} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  return options.weekday === false ? text : `${WEEKDAYS[date.getUTCDay()]} ${text}`;
}

/** Sunday first, as `Date.getUTCDay()` counts. */
const WEEKDAYS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

/** An instant in the territory's zone: "vendredi 19 janvier 2024 à 9 h 30" (or the date alone). */
export function formatInstantFr(instant: Date, zone: string, allDay: boolean): string {
  const dt = DateTime.fromJSDate(instant, { zone });
  const date = formatDateFr(dt.toFormat("yyyy-MM-dd"));
  if (allDay) return date;
  const minutes = dt.minute === 0 ? "" : ` ${String(dt.minute).padStart(2, "0")}`;
  return `${date} à ${dt.hour} h${minutes}`;
}

/** A milestone's period in words, at the precision the échéancier gave. */
export function formatPeriodFr(start: string, end: string, precision: Precision): string {
  const s = DateTime.fromISO(start, { zone: "UTC" });
  const e = DateTime.fromISO(end, { zone: "UTC" });
  switch (precision) {
    case "day":
      return formatDateFr(start);
    case "month":
      return `${MONTHS[s.month - 1]} ${s.year}`;
    case "quarter":
      return `${quarterOrdinal(Math.ceil(s.month / 3))} trimestre ${s.year}`;
    case "semester":
      return `${s.month <= 6 ? "1er" : "2nd"} semestre ${s.year}`;
    case "schoolYear":
      return `année scolaire ${s.year}-${e.year}`;
    case "year":
      return String(s.year);
    default:
      return formatRange(s, e);
  }
}

function quarterOrdinal(q: number): string {
  return q === 1 ? "1er" : `${q}e`;
}

function formatRange(s: DateTime, e: DateTime): string {
  const wholeYears = s.month === 1 && s.day === 1 && e.month === 12 && e.day === 31;
  if (wholeYears) return s.year === e.year ? String(s.year) : `${s.year}-${e.year}`;
  const wholeMonths = s.day === 1 && e.day === e.daysInMonth;
  if (wholeMonths) {
    const from = s.year === e.year ? MONTHS[s.month - 1] : `${MONTHS[s.month - 1]} ${s.year}`;
    return `de ${from} à ${MONTHS[e.month - 1]} ${e.year}`;
  }
  return `du ${formatDateFr(s.toFormat("yyyy-MM-dd"), { weekday: false })} au ${formatDateFr(e.toFormat("yyyy-MM-dd"), { weekday: false })}`;
}

/** "aujourd'hui", "demain", "dans 7 jours", "il y a 3 jours". */
export function relativeDaysFr(days: number): string {
  if (days === 0) return "aujourd'hui";
  if (days === 1) return "demain";
  if (days === -1) return "hier";
  return days > 0 ? `dans ${days} jours` : `il y a ${-days} jours`;
}
