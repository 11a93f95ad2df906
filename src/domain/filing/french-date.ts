import { readDayPoint, readMonthPoint } from "../echeancier/parse-calendar-point.ts";
import { type Token as DateToken, tokenize as dateTokens } from "../echeancier/tokenize.ts";
import {
  MONTH_ABBREVIATIONS,
  MONTHS as MONTH_NAMES,
  WEEKDAYS as WEEKDAY_NAMES,
} from "../text/french/calendar.ts";
import { addDays, daysBetween, isCalendarDate, weekdayOf } from "../time/zoned.ts";
import type { Hit } from "./hit.ts";
import { foldChars, quote } from "./tokens.ts";

/** Which occurrence a date without its year (or a weekday) means: a report is about the past, an agenda about what comes. */
export type DatePreference = "past" | "future" | "nearest";

export interface DateContext {
  /** The day the message was posted, in the territory's zone: `YYYY-MM-DD`. */
  today: string;
  prefer: DatePreference;
}

const MONTHS: Readonly<Record<string, number>> = Object.fromEntries([...MONTH_NAMES, ...MONTH_ABBREVIATIONS]);
const WEEKDAYS: Readonly<Record<string, number>> = Object.fromEntries(WEEKDAY_NAMES);
const FULL_MONTHS: ReadonlySet<string> = new Set(
  Object.keys(MONTHS).filter(
    (m) => m.length > 4 || m === "mars" || m === "mai" || m === "juin" || m === "aout",
  ),
);
const WEEKDAY_RE = Object.keys(WEEKDAYS).join("|");

/** A day a past date may lie ahead of the posting day (clocks, late postings) and still count as past. */
const SLACK_DAYS = 3;

interface Found {
  start: number;
  end: number;
  date: string;
  confidence: number;
}

type Reader = (m: RegExpExecArray, ctx: DateContext) => Omit<Found, "start" | "end"> | null;

const ymd = (y: number, m: number, d: number): string | null => {
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isCalendarDate(iso) ? iso : null;
};
const fullYear = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));
const num = (s: string | undefined): number => Number(s ?? "NaN");

/** The occurrence of day/month nearest the posting day in the preferred direction. */
function inferYear(month: number, day: number, ctx: DateContext): string | null {
  const year = Number(ctx.today.slice(0, 4));
  const candidates = [year - 1, year, year + 1].map((y) => ymd(y, month, day)).filter((d) => d !== null);
  return pick(candidates, ctx);
}

function pick(candidates: readonly string[], ctx: DateContext): string | null {
  const offsets = candidates.map((date) => ({ date, off: daysBetween(ctx.today, date) }));
  if (ctx.prefer === "past") {
    const past = offsets.filter((c) => c.off <= SLACK_DAYS).sort((a, b) => b.off - a.off);
    return past[0]?.date ?? null;
  }
  if (ctx.prefer === "future") {
    const future = offsets.filter((c) => c.off >= -SLACK_DAYS).sort((a, b) => a.off - b.off);
    return future[0]?.date ?? null;
  }
  const near = offsets.sort((a, b) => Math.abs(a.off) - Math.abs(b.off) || a.off - b.off);
  return near[0]?.date ?? null;
}

function weekdayDate(
  weekday: number,
  qualifier: string | undefined,
  day: number | null,
  ctx: DateContext,
): string | null {
  if (day !== null) {
    const candidates: string[] = [];
    for (let off = -70; off <= 70; off++) {
      const d = addDays(ctx.today, off);
      if (weekdayOf(d) === weekday && Number(d.slice(8)) === day) candidates.push(d);
    }
    return pick(candidates, ctx);
  }
  const back = (weekdayOf(ctx.today) - weekday + 7) % 7;
  const ahead = (weekday - weekdayOf(ctx.today) + 7) % 7;
  if (qualifier === "dernier" || qualifier === "derniere" || qualifier === "passe")
    return addDays(ctx.today, -(back || 7));
  if (qualifier === "prochain" || qualifier === "prochaine") return addDays(ctx.today, ahead || 7);
  if (ctx.prefer === "future") return addDays(ctx.today, ahead);
  if (ctx.prefer === "past") return addDays(ctx.today, -back);
  return ahead < back ? addDays(ctx.today, ahead) : addDays(ctx.today, -back);
}

const relative =
  (days: number): Reader =>
  (_m, ctx) => ({ date: addDays(ctx.today, days), confidence: 0.9 });

/**
 * Most specific first: where two readings overlap, the earlier reader wins. Dates written in words
 * are read by the échéancier's grammar (one French date parser for the plan and the filing); the
 * compact forms of file names, relative days and weekdays are the filing's own.
 */
const READERS: readonly ([RegExp, Reader] | "written-days" | "written-months")[] = [
  [
    /(?<![0-9])((?:19|20)\d{2})[-_. ]?(0[1-9]|1[0-2])[-_. ]?(0[1-9]|[12]\d|3[01])(?![0-9])/g,
    (m) => conf(ymd(num(m[1]), num(m[2]), num(m[3])), 0.95),
  ],
  [
    /(?<![0-9])(0?[1-9]|[12]\d|3[01])([-/._ ])(0?[1-9]|1[0-2])\2((?:19|20)?\d{2})(?![0-9])/g,
    (m) => conf(ymd(fullYear(m[4] ?? ""), num(m[3]), num(m[1])), 0.95),
  ],
  [
    /(?<![0-9])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])((?:19|20)\d{2})(?![0-9])/g,
    (m) => conf(ymd(num(m[3]), num(m[2]), num(m[1])), 0.9),
  ],
  // « mardi 12 mars 2024 », « 1er mars »: the échéancier's grammar (writtenDays below).
  "written-days",
  [
    /(?<![0-9.,/-])(0?[1-9]|[12]\d|3[01])\/(0?[1-9]|1[0-2])(?![0-9]|[-/.][0-9])/g,
    (m, ctx) => conf(inferYear(num(m[2]), num(m[1]), ctx), 0.85),
  ],
  [
    /(?<![0-9.,/-])(0[1-9]|[12]\d|3[01])[-.](0[1-9]|1[0-2])(?![0-9]|[-/.][0-9])/g,
    (m, ctx) => conf(inferYear(num(m[2]), num(m[1]), ctx), 0.8),
  ],
  // « mars 2024 »: the échéancier's grammar, a full month name and its year (writtenMonths below).
  "written-months",
  [/\bavant[ -]hier\b/g, relative(-2)],
  [/\bhier\b/g, relative(-1)],
  [/\baujourd\W{0,2}hui\b|\bce (?:matin|midi|soir|jour)\b|\bcet apres[ -]midi\b/g, relative(0)],
  [/\bapres[ -]demain\b/g, relative(2)],
  [/\bdemain\b/g, relative(1)],
  [
    new RegExp(
      `\\b(${WEEKDAY_RE})(?:\\s+(dernier|derniere|passe|prochain|prochaine))?(?:\\s+(\\d{1,2})(?![0-9/.-]))?\\b`,
      "g",
    ),
    (m, ctx) => {
      const day = m[3] === undefined ? null : num(m[3]);
      const confidence = m[2] !== undefined ? 0.8 : 0.75;
      return conf(weekdayDate(WEEKDAYS[m[1] ?? ""] ?? 0, m[2], day, ctx), confidence);
    },
  ],
];

/** « 12 mars 2024 », « mardi 12 mars », « 1er mars »: a day and a month, the year if written. */
function writtenDays(tokens: readonly DateToken[], ctx: DateContext): Found[] {
  const found: Found[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!startsWord(tokens, i)) continue;
    const read = readDayPoint(tokens, i, false);
    const core = read?.value.core;
    const first = tokens[i];
    const last = read === null ? undefined : tokens[read.next - 1];
    if (core?.kind !== "day" || core.month === null || first === undefined || last === undefined) continue;
    if (isLetterAt(tokens, read?.next ?? 0)) continue;
    const date =
      core.year !== null
        ? conf(ymd(core.year, core.month, core.day), 0.95)
        : conf(inferYear(core.month, core.day, ctx), 0.85);
    if (date !== null) found.push({ start: first.start, end: last.end, ...date });
  }
  return found;
}

/** « mars 2024 »: the first of the month, less sure; full month names only (« mar 2024 » is not one). */
function writtenMonths(tokens: readonly DateToken[]): Found[] {
  const found: Found[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const month = tokens[i];
    if (month === undefined || !FULL_MONTHS.has(month.text) || !startsWord(tokens, i)) continue;
    const read = readMonthPoint(tokens, i);
    const core = read?.value.core;
    const last = read === null ? undefined : tokens[read.next - 1];
    if (core?.kind !== "month" || core.year === null || last === undefined || read?.next !== i + 2) continue;
    const date = conf(ymd(core.year, core.month, 1), 0.5);
    if (date !== null) found.push({ start: month.start, end: last.end, ...date });
  }
  return found;
}

/** Not glued to a letter or a digit before it (« 12mars » is not « 12 mars »). */
function startsWord(tokens: readonly DateToken[], index: number): boolean {
  const token = tokens[index];
  const previous = tokens[index - 1];
  return token !== undefined && (token.gapBefore || previous === undefined || previous.kind === "punct");
}

function isLetterAt(tokens: readonly DateToken[], index: number): boolean {
  const token = tokens[index];
  return token !== undefined && !token.gapBefore && token.kind === "word";
}

function conf(date: string | null, confidence: number): { date: string; confidence: number } | null {
  return date === null ? null : { date, confidence };
}

/** Numbers right after these words are action or axis numbers, never dates ("FA 12-03" is unlikely, "fiche 1-5" is not). */
const NUMBER_CONTEXT = /(?:\bfa|actions?|fiches?|axes?|n°|\bno|\bv)[\s_-]*$/;

/**
 * The date a French text gives, read relative to the posting day: "hier", "mardi dernier", "du 12/03",
 * "12 mars 2024", "mars 2024" (first of the month, less sure), "2024-03-12" or "20240312" in a file name.
 * The first date written wins (a title names its date first).
 */
export function findDate(text: string, ctx: DateContext): Hit<string> | null {
  const folded = foldChars(text);
  const kept: Found[] = [];
  const keep = (found: Found) => {
    if (kept.some((k) => found.start < k.end && k.start < found.end)) return;
    if (NUMBER_CONTEXT.test(folded.slice(Math.max(0, found.start - 12), found.start))) return;
    kept.push(found);
  };
  let tokens: DateToken[] | null = null;
  for (const reader of READERS) {
    if (reader === "written-days" || reader === "written-months") {
      tokens ??= dateTokens(folded);
      const found = reader === "written-days" ? writtenDays(tokens, ctx) : writtenMonths(tokens);
      for (const f of found) keep(f);
      continue;
    }
    const [re, read] = reader;
    for (const m of folded.matchAll(re)) {
      const reading = read(m, ctx);
      if (reading !== null) keep({ start: m.index, end: m.index + m[0].length, ...reading });
    }
  }
  const first = kept.sort((a, b) => a.start - b.start)[0];
  if (first === undefined) return null;
  const written =
    folded.length === text.length ? text.slice(first.start, first.end) : folded.slice(first.start, first.end);
  return { value: first.date, confidence: first.confidence, index: first.start, evidence: quote(written) };
}
