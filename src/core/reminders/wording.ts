import type { Action, CalendarEvent, Territory } from "../../domain/model.ts";
import { EVENT_KIND_LABELS } from "../../domain/model.ts";
import { formatDateFr, formatInstantFr } from "../../domain/time/french-format.ts";
import { type Block, context } from "../reply.ts";

/** French wording of the reminders (the domain keeps its own; core/present.ts is not reachable). */

export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const plural = (n: number, singular: string, pluralForm = `${singular}s`): string =>
  `${n} ${n > 1 ? pluralForm : singular}`;

/** "mardi 26 mars 2024". */
export const dateFr = (iso: string): string => formatDateFr(iso);

/** "26 mars 2024", for a date inside a sentence that already has one with its weekday. */
export const shortDateFr = (iso: string): string => formatDateFr(iso, { weekday: false });

/** `J-30`, `J-7`, `J0`. */
export const dayStep = (days: number): string => (days === 0 ? "J0" : `J-${days}`);

/** "action 11 « Développer l'accueil »". */
export const actionFr = (a: Pick<Action, "number" | "title">): string => `action ${a.number} « ${a.title} »`;

export function actionSourceFr(t: Territory, a: Pick<Action, "number" | "source">): string {
  return `Source : ${t.name}, ${a.source ?? `fiche action ${a.number}`}.`;
}

export function territorySourceFr(t: Territory, source: string | null = null): string {
  return `Source : ${source ?? t.source ?? t.name}.`;
}

/** The event named with its kind unless its title already says it: "Journée ressources « Parentalité »". */
export function eventTitleFr(e: CalendarEvent): string {
  const kind = EVENT_KIND_LABELS[e.kind];
  const names = [kind.split(" ")[0] ?? kind, /\(([^)]+)\)/.exec(kind)?.[1] ?? ""].filter(Boolean);
  const title = e.title.toLowerCase();
  return names.some((n) => title.includes(n.toLowerCase())) ? e.title : `${kind} « ${e.title} »`;
}

/** Ends a quoted phrase with a full stop unless it already has one. */
export const closeSentence = (s: string): string => (/[.!?…]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/** "mardi 15 décembre 2026 à 14 h", "(date à confirmer)" when tentative. */
export function eventWhenFr(e: CalendarEvent, zone: string): string {
  const when = formatInstantFr(e.start, zone, e.allDay);
  return e.tentative ? `${when} (date à confirmer)` : when;
}

export const EXAMPLE_NOTE = "Exemple de démonstration : ce n'est pas une date officielle.";

/** The answers a milestone reminder offers; the `rappel` command reads exactly these words. */
export function milestoneChoices(ref: string): Block[] {
  return [
    {
      type: "choices",
      prompt: "Où en est cette échéance ?",
      choices: [
        { label: "C'est fait", command: `rappel fait ${ref}` },
        { label: "Reporter (+7 jours)", command: `rappel reporter ${ref} +7` },
      ],
      date: { label: "Reporter au…", command: `rappel reporter ${ref} au {date}` },
    },
    context(`Pour une autre date : « rappel reporter ${ref} au JJ/MM/AAAA ».`),
  ];
}
