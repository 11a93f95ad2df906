import { localDate } from "../../domain/time/zoned.ts";
import type { EntityOf } from "./entities.ts";
import type { Reading } from "./read-question.ts";
import type { Retrieval } from "./retrieve.ts";

type EventEntity = EntityOf<"event">;

/**
 * The meetings a question means, best first: those of the year or month it names, else the
 * next ones (« prochain ») or the last ones (« dernier »), else the coming ones, else the last;
 * among those, the ones its words name first (« le copil de bilan »).
 */
export function selectEvents(
  events: readonly EventEntity[],
  reading: Reading,
  now: Date,
  zone: string,
  retrieval: Retrieval,
): { chosen: EventEntity[]; last: EventEntity | null } {
  const sorted = [...events].sort((a, b) => a.event.start.getTime() - b.event.start.getTime());
  // An all-day event of today is still to come.
  const today = localDate(now, zone);
  const isPast = (e: EventEntity) =>
    e.event.allDay ? localDate(e.event.start, zone) < today : e.event.start.getTime() < now.getTime();
  const past = sorted.filter(isPast);
  const future = sorted.filter((e) => !isPast(e));
  const dated = sorted.filter((e) => {
    const d = localDate(e.event.start, zone);
    return (
      (reading.years.length > 0 || reading.months.length > 0) &&
      (reading.years.length === 0 || reading.years.includes(Number(d.slice(0, 4)))) &&
      (reading.months.length === 0 || reading.months.includes(Number(d.slice(5, 7))))
    );
  });
  let byDate: EventEntity[];
  if (dated.length) byDate = reading.relative === "past" ? [...dated].reverse() : dated;
  else if (reading.relative === "past") byDate = [...past].reverse();
  else if (reading.relative === "next") byDate = future;
  else if (sorted.length && sorted.every((e) => e.event.tentative)) byDate = sorted;
  else byDate = future.length ? future : [...past].reverse();
  const score = new Map(retrieval.hits.map((h) => [h.entity, h.score]));
  // Words decide only where they tell events apart: near-equal matches keep the order of dates.
  const top = Math.max(0, ...byDate.map((e) => score.get(e) ?? 0));
  const named = byDate.filter((e) => (score.get(e) ?? 0) >= Math.max(0.3, top - 0.1));
  const ranked = [...named, ...byDate.filter((e) => !named.includes(e))];
  return { chosen: ranked.slice(0, 5), last: past.at(-1) ?? null };
}
