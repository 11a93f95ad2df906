import type {
  Equipment,
  GlossaryEntry,
  Instance,
  KnowledgeAxis,
  Person,
  Rule,
} from "../../domain/knowledge.ts";
import type { Action, CalendarEvent, Milestone } from "../../domain/model.ts";
import { slugify } from "../../domain/text/normalize.ts";
import { localDate } from "../../domain/time/zoned.ts";
import type { Ref } from "./types.ts";

export const actionRef = (a: Pick<Action, "number">): Ref => ({ type: "action", id: a.number });
export const milestoneRef = (a: Pick<Action, "number">, m: Milestone): Ref | null =>
  m.start === null ? null : { type: "milestone", id: `${a.number}@${m.start}` };
export const eventRef = (e: CalendarEvent, zone: string): Ref => ({
  type: "event",
  id: localDate(e.start, zone),
});
export const glossaryRef = (g: GlossaryEntry): Ref => ({ type: "glossary", id: g.acronym });
export const personRef = (p: Person): Ref => ({ type: "person", id: p.key });
export const equipmentRef = (e: Equipment): Ref => ({
  type: "equipment",
  id: `${slugify(e.commune)}/${slugify(e.name)}`,
});
export const territoryRef = (slug: string): Ref => ({ type: "territory", id: slug });
export const instanceRef = (i: Instance): Ref => ({ type: "instance", id: i.key });
export const axisRef = (a: Pick<KnowledgeAxis, "number">): Ref => ({ type: "axis", id: a.number });
export const ruleRef = (r: Pick<Rule, "key">): Ref => ({ type: "rule", id: r.key });

export function compactRefs(refs: (Ref | null)[]): Ref[] {
  const seen = new Set<string>();
  const out: Ref[] = [];
  for (const r of refs) {
    if (r === null) continue;
    const k = `${r.type}:${r.id}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}
