import type { Occurrence } from "../../../src/core/reminders/occurrence.ts";
import { type PlanRemindersInput, planReminders } from "../../../src/core/reminders/plan-reminders.ts";
import type { Rule, TerritoryKnowledge } from "../../../src/domain/knowledge.ts";
import type { Action, CalendarEvent, Milestone, Territory } from "../../../src/domain/model.ts";
import {
  DEFAULT_POLICY,
  REMINDER_KINDS,
  type ReminderKind,
  type SubscriptionView,
} from "../../../src/domain/reminders/types.ts";

/** Builders with overrides for small territories: only what a test names differs from these. */

export const ZONE = "Europe/Paris";

export function territory(overrides: Partial<Territory> = {}): Territory {
  return {
    id: "t-1",
    slug: "agen",
    name: "Agglomération d'Agen",
    shortName: null,
    article: "l'",
    timezone: ZONE,
    version: "2026-01-01T00:00:00.000Z",
    description: null,
    conventionTitle: null,
    conventionStart: null,
    conventionEnd: null,
    signedOn: null,
    noticeMonths: null,
    signatories: [],
    partners: [],
    source: null,
    ...overrides,
  };
}

export function milestone(overrides: Partial<Milestone> = {}): Milestone {
  return {
    label: "lancement des groupes de travail",
    start: "2024-03-26",
    end: "2024-03-26",
    precision: "day",
    text: "26 mars 2024 : lancement des groupes de travail",
    confidence: 1,
    done: false,
    ...overrides,
  };
}

export function action(overrides: Partial<Action> = {}): Action {
  return {
    number: "11",
    title: "Développer l'accueil des jeunes enfants",
    axisNumber: "1",
    status: "en_cours",
    pilote: "Service petite enfance",
    axisTitle: null,
    objective: null,
    constat: null,
    objectifs: [],
    partenaires: [],
    publicCible: null,
    resultatsAttendus: [],
    moyens: null,
    indicateurs: [],
    echeancier: null,
    linkedAxes: [],
    source: null,
    milestones: [milestone()],
    ...overrides,
  };
}

export function event(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    key: "copil-2026-12",
    kind: "copil",
    title: "COPIL annuel",
    start: new Date("2026-12-15T13:00:00Z"),
    end: null,
    allDay: false,
    place: null,
    description: null,
    tentative: false,
    example: false,
    source: null,
    ...overrides,
  };
}

export function rule(overrides: Partial<Rule> = {}): Rule {
  return {
    key: "referents-mise-a-jour",
    text: "La liste des référents est actualisée chaque année.",
    params: null,
    source: "Charte de partenariat, II",
    ...overrides,
  };
}

export function knowledge(overrides: Partial<TerritoryKnowledge> = {}): TerritoryKnowledge {
  return {
    territory: territory(),
    axes: [],
    actions: [],
    events: [],
    instances: [],
    persons: [],
    communes: [],
    equipment: [],
    glossary: [],
    rules: [],
    ...overrides,
  };
}

export function subscription(overrides: Partial<SubscriptionView> = {}): SubscriptionView {
  return { platform: "slack", channelId: "C1", kinds: [...REMINDER_KINDS], pilots: false, ...overrides };
}

/** Plans with the default policy and one Slack channel subscribed to `kinds` (all by default). */
export function plan(
  input: Partial<PlanRemindersInput> & { from: Date; to: Date },
  kinds: ReminderKind[] = [...REMINDER_KINDS],
): Occurrence[] {
  return planReminders({
    knowledge: knowledge(),
    subscriptions: [subscription({ kinds })],
    policy: DEFAULT_POLICY,
    ...input,
  });
}

/** key → ISO instant, the shape most assertions read best in. */
export const schedule = (occurrences: Occurrence[]): Record<string, string> =>
  Object.fromEntries(occurrences.map((o) => [o.key, o.at.toISOString()]));

export const utc = (iso: string): Date => new Date(iso);
