import type {
  Equipment,
  GlossaryEntry,
  Instance,
  Person,
  TerritoryKnowledge,
} from "../../domain/knowledge.ts";
import type { Action, CalendarEvent, Milestone } from "../../domain/model.ts";
import { EVENT_KIND_LABELS } from "../../domain/model.ts";
import { GlossarySynonyms } from "../../domain/search/glossary-synonyms.ts";
import { TextSearch } from "../../domain/search/text-search.ts";

export interface MilestoneOfAction {
  action: Action;
  milestone: Milestone;
}

/** Search indexes over one territory's knowledge. */
export interface KnowledgeIndex {
  knowledge: TerritoryKnowledge;
  synonyms: GlossarySynonyms;
  actions: TextSearch<Action>;
  milestones: TextSearch<MilestoneOfAction>;
  events: TextSearch<CalendarEvent>;
  instances: TextSearch<Instance>;
  persons: TextSearch<Person>;
  equipment: TextSearch<Equipment>;
}

/**
 * Search indexes over one territory's knowledge. Each is built on first use and kept: a "when"
 * question never pays for the persons or equipment indexes.
 */
export function buildIndex(knowledge: TerritoryKnowledge): KnowledgeIndex {
  const synonyms = new GlossarySynonyms(knowledge.glossary);
  const built = new Map<string, unknown>();
  const once = <T>(key: string, build: () => T): T => {
    if (!built.has(key)) built.set(key, build());
    return built.get(key) as T;
  };
  return {
    knowledge,
    synonyms,
    get actions() {
      return once("actions", () => {
        const actions = new TextSearch<Action>(synonyms);
        for (const a of knowledge.actions) {
          actions.add(a, [
            { text: a.title, weight: 1 },
            { text: [a.objective ?? "", a.publicCible ?? "", ...a.objectifs].join(" "), weight: 0.6 },
            { text: a.partenaires.join(" "), weight: 0.7 },
            { text: [...a.resultatsAttendus, a.constat ?? "", a.moyens ?? ""].join(" "), weight: 0.4 },
            { text: a.milestones.map((m) => m.label).join(" "), weight: 0.6 },
          ]);
        }
        return actions;
      });
    },
    get milestones() {
      return once("milestones", () => {
        const milestones = new TextSearch<MilestoneOfAction>(synonyms);
        for (const a of knowledge.actions) {
          for (const m of a.milestones) {
            milestones.add({ action: a, milestone: m }, [
              { text: m.label, weight: 1 },
              { text: a.title, weight: 0.5 },
              {
                text: [
                  a.publicCible ?? "",
                  ...a.objectifs,
                  ...a.milestones.filter((x) => x !== m).map((x) => x.label),
                ].join(" "),
                weight: 0.35,
              },
            ]);
          }
        }
        return milestones;
      });
    },
    get events() {
      return once("events", () => {
        const events = new TextSearch<CalendarEvent>(synonyms);
        for (const e of knowledge.events) {
          events.add(e, [
            { text: `${e.title} ${EVENT_KIND_LABELS[e.kind]}`, weight: 1 },
            { text: `${e.description ?? ""} ${e.place ?? ""}`, weight: 0.4 },
          ]);
        }
        return events;
      });
    },
    get instances() {
      return once("instances", () => {
        const instances = new TextSearch<Instance>(synonyms);
        for (const i of knowledge.instances) {
          instances.add(i, [
            { text: `${i.name} ${EVENT_KIND_LABELS[i.kind]}`, weight: 1 },
            { text: i.role ?? "", weight: 0.7 },
            { text: `${i.composition ?? ""} ${i.frequency ?? ""}`, weight: 0.4 },
          ]);
        }
        return instances;
      });
    },
    get persons() {
      return once("persons", () => {
        const persons = new TextSearch<Person>(synonyms);
        for (const p of knowledge.persons) {
          persons.add(p, [
            { text: p.name, weight: 1 },
            { text: p.title ?? "", weight: 0.9 },
            {
              text: `${p.organisation ?? ""} ${p.roles.map((r) => `${r.detail ?? ""} ${r.commune ?? ""}`).join(" ")}`,
              weight: 0.8,
            },
          ]);
        }
        return persons;
      });
    },
    get equipment() {
      return once("equipment", () => {
        const equipment = new TextSearch<Equipment>(synonyms);
        for (const e of knowledge.equipment) {
          equipment.add(e, [
            { text: `${e.type} ${e.name}`, weight: 1 },
            { text: `${e.commune} ${e.address ?? ""}`, weight: 0.8 },
          ]);
        }
        return equipment;
      });
    },
  };
}

export function glossaryFor(knowledge: TerritoryKnowledge, acronym: string): GlossaryEntry[] {
  return knowledge.glossary.filter((g) => g.acronym.toLowerCase() === acronym.toLowerCase());
}
