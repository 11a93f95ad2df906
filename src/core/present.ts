import { DateTime } from "luxon";
import type { Action, CalendarEvent, Milestone, Territory } from "../domain/model.ts";
import { EVENT_KIND_LABELS } from "../domain/model.ts";
import { formatInstantFr, formatPeriodFr } from "../domain/time/french-format.ts";
import { addDays } from "../domain/time/zoned.ts";
import { joinFr } from "./knowledge-context.ts";

/** Shared wording of plan facts, so every command says a milestone or an event the same way. */
export function milestoneLine(m: Milestone): string {
  const done = m.done ? " (fait)" : "";
  if (m.start === null || m.end === null || m.precision === null) {
    return `${m.label} — date non précisée (« ${m.text} »)${done}`;
  }
  return `${capitalize(formatPeriodFr(m.start, m.end, m.precision))} : ${m.label}${done}`;
}

export function eventLine(e: CalendarEvent, zone: string): string {
  const flags = [e.tentative ? "date à confirmer" : "", e.example ? "exemple de démonstration" : ""].filter(
    Boolean,
  );
  const when = formatInstantFr(e.start, zone, e.allDay);
  const place = e.place ? ` — ${e.place}` : "";
  const kind = EVENT_KIND_LABELS[e.kind];
  const title = e.title.toLowerCase().includes(kind.split(" ")[0]?.toLowerCase() ?? "")
    ? e.title
    : `${kind} : ${e.title}`;
  return `${capitalize(when)} — ${title}${place}${flags.length ? ` (${flags.join(", ")})` : ""}`;
}

export function actionSource(territory: Territory, action: Pick<Action, "number" | "source">): string {
  return `Source : ${territory.name}, ${action.source ?? `fiche action ${action.number}`}.`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n > 1 ? pluralForm : singular}`;
}

/** From the first to the last day, both included: 2022-01-01 → 2026-12-31 is "5 ans". */
export function durationFr(start: string, end: string): string {
  const from = DateTime.fromISO(start, { zone: "UTC" });
  const to = DateTime.fromISO(addDays(end, 1), { zone: "UTC" });
  const { years = 0, months = 0, days = 0 } = to.diff(from, ["years", "months", "days"]).toObject();
  const parts = [
    years ? plural(years, "an") : "",
    months ? `${months} mois` : "",
    days ? plural(Math.round(days), "jour") : "",
  ].filter(Boolean);
  return parts.length ? joinFr(parts) : "moins d'un jour";
}
