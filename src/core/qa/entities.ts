import type {
  Equipment,
  GlossaryEntry,
  Instance,
  KnowledgeAxis,
  Person,
  Rule,
  TerritoryKnowledge,
} from "../../domain/knowledge.ts";
import type { Action, CalendarEvent, Milestone, Territory } from "../../domain/model.ts";
import type { EntityKind } from "../../domain/qa/facets.ts";
import {
  actionRef,
  axisRef,
  equipmentRef,
  eventRef,
  glossaryRef,
  instanceRef,
  milestoneRef,
  personRef,
  ruleRef,
  territoryRef,
} from "./refs.ts";
import type { Ref } from "./types.ts";

/** One thing of the plan a question can be about. `key` is unique within a territory. */
export type Entity = { key: string; position: number } & (
  | { kind: "action"; action: Action }
  | { kind: "milestone"; action: Action; milestone: Milestone }
  | { kind: "axis"; axis: KnowledgeAxis }
  | { kind: "instance"; instance: Instance }
  | { kind: "event"; event: CalendarEvent }
  | { kind: "equipment"; equipment: Equipment }
  | { kind: "glossary"; acronym: string; entries: GlossaryEntry[] }
  | { kind: "person"; person: Person }
  | { kind: "territory"; territory: Territory }
  | { kind: "rule"; rule: Rule }
);

export type EntityOf<K extends EntityKind> = Extract<Entity, { kind: K }>;

/** The ref an answer cites for an entity; null for a milestone without a start date. */
export function entityRef(e: Entity, zone: string): Ref | null {
  switch (e.kind) {
    case "action":
      return actionRef(e.action);
    case "milestone":
      return milestoneRef(e.action, e.milestone);
    case "axis":
      return axisRef(e.axis);
    case "instance":
      return instanceRef(e.instance);
    case "event":
      return eventRef(e.event, zone);
    case "equipment":
      return equipmentRef(e.equipment);
    case "glossary":
      return e.entries[0] ? glossaryRef(e.entries[0]) : null;
    case "person":
      return personRef(e.person);
    case "territory":
      return territoryRef(e.territory.slug);
    case "rule":
      return ruleRef(e.rule);
  }
}

/** Every entity of a territory, in the plan's order within each kind. */
export function entitiesOf(k: TerritoryKnowledge): Entity[] {
  const out: Entity[] = [];
  let position = 0;
  const push = (e: Entity) => out.push(e);
  push({
    kind: "territory",
    key: `territory:${k.territory.slug}`,
    position: position++,
    territory: k.territory,
  });
  for (const axis of k.axes) push({ kind: "axis", key: `axis:${axis.number}`, position: position++, axis });
  for (const action of k.actions) {
    push({ kind: "action", key: `action:${action.number}`, position: position++, action });
    action.milestones.forEach((milestone, i) => {
      push({
        kind: "milestone",
        key: `milestone:${action.number}#${i}`,
        position: position++,
        action,
        milestone,
      });
    });
  }
  for (const instance of k.instances)
    push({ kind: "instance", key: `instance:${instance.key}`, position: position++, instance });
  for (const event of k.events)
    push({ kind: "event", key: `event:${event.key}`, position: position++, event });
  k.equipment.forEach((equipment, i) => {
    push({ kind: "equipment", key: `equipment:${i}`, position: position++, equipment });
  });
  for (const person of k.persons)
    push({ kind: "person", key: `person:${person.key}`, position: position++, person });
  for (const rule of k.rules) push({ kind: "rule", key: `rule:${rule.key}`, position: position++, rule });
  const byAcronym = new Map<string, GlossaryEntry[]>();
  for (const g of k.glossary)
    byAcronym.set(g.acronym.toLowerCase(), [...(byAcronym.get(g.acronym.toLowerCase()) ?? []), g]);
  for (const [acronym, entries] of byAcronym) {
    push({
      kind: "glossary",
      key: `glossary:${acronym}`,
      position: position++,
      acronym: entries[0]?.acronym ?? acronym,
      entries,
    });
  }
  return out;
}
