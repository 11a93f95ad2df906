/** The plan as the core sees it: plain data, independent of the database and of any chat platform. */
import type { ParsedMilestone, Precision } from "./echeancier/types.ts";
import type { Article } from "./text/french-names.ts";

export type { ParsedMilestone, Precision };

export type ActionStatus = "a_lancer" | "en_cours" | "realisee" | "suspendue" | "abandonnee";
export type EventKind =
  | "copil"
  | "cotech"
  | "groupe_de_travail"
  | "cellule_de_suivi"
  | "commission"
  | "journee_ressources"
  | "rencontre_de_territoire"
  | "reunion_partenariale"
  | "signature"
  | "autre";

export interface TerritorySummary {
  id: string;
  slug: string;
  name: string;
  shortName: string | null;
  /** The article of the name (l', le…), null when it takes none: see text/french-names.ts. */
  article: Article | null;
  timezone: string;
  /** Changes whenever anything of the territory's plan changes (as `getKnowledgeVersion`). */
  version: string;
}

export interface Territory extends TerritorySummary {
  description: string | null;
  conventionTitle: string | null;
  /** Calendar dates `YYYY-MM-DD`. */
  conventionStart: string | null;
  conventionEnd: string | null;
  signedOn: string | null;
  noticeMonths: number | null;
  signatories: string[];
  partners: string[];
  source: string | null;
}

export interface Axis {
  number: string;
  title: string;
  actionCount: number;
}

export interface ActionSummary {
  number: string;
  title: string;
  axisNumber: string | null;
  status: ActionStatus;
  pilote: string | null;
}

export interface Milestone {
  label: string;
  start: string | null;
  end: string | null;
  precision: Precision | null;
  text: string;
  confidence: number;
  done: boolean;
}

export interface Action extends ActionSummary {
  axisTitle: string | null;
  objective: string | null;
  constat: string | null;
  objectifs: string[];
  partenaires: string[];
  publicCible: string | null;
  resultatsAttendus: string[];
  moyens: string | null;
  indicateurs: string[];
  echeancier: string | null;
  linkedAxes: string[];
  source: string | null;
  milestones: Milestone[];
}

export interface MilestoneWithAction extends Milestone {
  actionNumber: string;
  actionTitle: string;
}

export interface CalendarEvent {
  key: string;
  kind: EventKind;
  title: string;
  start: Date;
  end: Date | null;
  allDay: boolean;
  place: string | null;
  description: string | null;
  tentative: boolean;
  example: boolean;
  source: string | null;
}

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  copil: "Comité de pilotage (COPIL)",
  cotech: "Comité technique (COTECH)",
  groupe_de_travail: "Groupe de travail",
  cellule_de_suivi: "Cellule de suivi",
  commission: "Commission",
  journee_ressources: "Journée ressources",
  rencontre_de_territoire: "Rencontre de territoire",
  reunion_partenariale: "Réunion partenariale",
  signature: "Signature",
  autre: "Évènement",
};

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  a_lancer: "à lancer",
  en_cours: "en cours",
  realisee: "réalisée",
  suspendue: "suspendue",
  abandonnee: "abandonnée",
};
