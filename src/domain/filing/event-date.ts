import type { CalendarEvent } from "../model.ts";
import { daysBetween, localDate } from "../time/zoned.ts";
import type { DatePreference } from "./french-date.ts";
import { KIND_OF_EVENT } from "./instance-names.ts";
import type { InstanceKind } from "./types.ts";

/** How far from the posting day a meeting of the plan may be to be "the" meeting a document is about. */
const PAST_WINDOW_DAYS = 30;
const FUTURE_WINDOW_DAYS = 60;

/**
 * The meeting of the plan a document without a date is most likely about: the last one before the
 * posting day for a report, the next one for an agenda, the nearest otherwise.
 */
export function eventNear(
  events: readonly CalendarEvent[],
  kind: InstanceKind,
  today: string,
  zone: string,
  prefer: DatePreference,
): { event: CalendarEvent; date: string } | null {
  const dated = events
    .filter((e) => KIND_OF_EVENT[e.kind] === kind)
    .map((event) => {
      const date = localDate(event.start, zone);
      return { event, date, off: daysBetween(today, date) };
    })
    .filter((x) => x.off >= -PAST_WINDOW_DAYS && x.off <= FUTURE_WINDOW_DAYS);
  const ordered =
    prefer === "past"
      ? dated.filter((x) => x.off <= 1).sort((a, b) => b.off - a.off)
      : prefer === "future"
        ? dated.filter((x) => x.off >= -1).sort((a, b) => a.off - b.off)
        : dated.filter((x) => x.off <= PAST_WINDOW_DAYS).sort((a, b) => Math.abs(a.off) - Math.abs(b.off));
  const best = ordered[0];
  return best === undefined ? null : { event: best.event, date: best.date };
}
