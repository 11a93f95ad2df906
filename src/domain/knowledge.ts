import type { Action, CalendarEvent, EventKind, Territory } from "./model.ts";

/** Everything the bot knows about one territory, loaded at once for questions and listings. */
export interface TerritoryKnowledge {
  territory: Territory;
  axes: KnowledgeAxis[];
  actions: Action[];
  events: CalendarEvent[];
  instances: Instance[];
  persons: Person[];
  communes: Commune[];
  equipment: Equipment[];
  /** The territory's own entries first, then the shared glossary. */
  glossary: GlossaryEntry[];
  rules: Rule[];
}

export interface KnowledgeAxis {
  number: string;
  title: string;
  description: string | null;
  enjeux: { title: string; objectifs: string[] }[];
}

export interface Instance {
  key: string;
  kind: EventKind;
  name: string;
  role: string | null;
  composition: string | null;
  frequency: string | null;
  minPerYear: number | null;
  secretariat: string | null;
  animation: string | null;
  source: string | null;
}

export type RoleName = "coordinateur" | "referent_technique" | "referent_elu" | "pilote" | "partenaire";

export interface Person {
  key: string;
  name: string;
  organisation: string | null;
  title: string | null;
  email: string | null;
  roles: { role: RoleName; commune: string | null; action: string | null; detail: string | null }[];
}

export interface Commune {
  name: string;
  slug: string;
  postalCode: string | null;
}

export interface Equipment {
  commune: string;
  type: string;
  name: string;
  address: string | null;
}

export interface GlossaryEntry {
  acronym: string;
  expansion: string;
  explanation: string | null;
  /** "territory" for an entry of the plan file, "shared" for the bot's own glossary. */
  origin: "territory" | "shared";
  /** Other spellings of the acronym or of its expansion. */
  variants: string[];
}

export interface Rule {
  key: string;
  text: string;
  params: Record<string, string | number | boolean> | null;
  source: string | null;
}
