import type { RoleName } from "../../domain/knowledge.ts";
import { EVENT_KIND_LABELS } from "../../domain/model.ts";
import type { FacetKey } from "../../domain/qa/facets.ts";
import type { Entity } from "./entities.ts";

/** One field of one entity, as searched: the entity's name and the field's text. */
export interface PassageSource {
  facet: FacetKey;
  /** The entity's name, repeated in each of its passages (boosted by the search engine). */
  name: string;
  text: string;
}

/**
 * How much a word found in a field says the question is about this entity: found in its title
 * it does, found in its constat (a long text about everything) much less.
 */
export const FIELD_WEIGHT: Partial<Record<FacetKey, number>> = {
  "action.constat": 0.55,
  "action.moyens": 0.6,
  "action.resultats_attendus": 0.6,
  "action.indicateurs": 0.65,
  "action.objectifs": 0.8,
  "action.partenaires": 0.75,
  "action.public_cible": 0.85,
  "action.echeancier": 0.8,
  "territory.communes": 0.6,
  "territory.signataires": 0.6,
  "territory.partenaires": 0.7,
  "glossary.definition": 0.9,
};

/** A person's roles in words, so that « la référente élue » finds them. */
const ROLE_WORDS: Record<RoleName, string> = {
  coordinateur: "coordinateur coordinatrice de la CTG",
  referent_technique: "référent technique CTG",
  referent_elu: "référent élu CTG",
  pilote: "pilote d'action",
  partenaire: "partenaire",
};

const join = (xs: readonly (string | null | undefined)[]) => xs.filter((x) => x).join(" ; ");
const words = (key: string) => key.replace(/-/g, " ");

/** The passages of an entity: every field of it the plan gives, each searchable on its own. */
export function passagesOf(e: Entity): PassageSource[] {
  const out: PassageSource[] = [];
  const add = (facet: FacetKey, name: string, text: string | null | undefined) => {
    out.push({ facet, name, text: text ?? "" });
  };
  switch (e.kind) {
    case "action": {
      const a = e.action;
      const name = a.title;
      add("action.titre", name, join([a.objective, a.axisTitle]));
      add("action.pilote", name, a.pilote);
      add("action.partenaires", name, join(a.partenaires));
      add("action.public_cible", name, a.publicCible);
      add("action.constat", name, a.constat);
      add("action.objectifs", name, join(a.objectifs));
      add("action.moyens", name, a.moyens);
      add("action.indicateurs", name, join(a.indicateurs));
      add("action.resultats_attendus", name, join(a.resultatsAttendus));
      add("action.echeancier", name, join([a.echeancier, ...a.milestones.map((m) => m.label)]));
      break;
    }
    case "milestone":
      add("milestone.date", e.milestone.label, join([e.action.title, e.milestone.text]));
      break;
    case "axis":
      add("axis.titre", e.axis.title, e.axis.description);
      add("axis.enjeux", e.axis.title, join(e.axis.enjeux.flatMap((x) => [x.title, ...x.objectifs])));
      break;
    case "instance": {
      const i = e.instance;
      const name = `${i.name} ${EVENT_KIND_LABELS[i.kind]}`;
      add("instance.role", name, i.role);
      add("instance.composition", name, i.composition);
      add("instance.frequence", name, i.frequency);
      add("instance.secretariat", name, i.secretariat);
      add("instance.animation", name, i.animation);
      break;
    }
    case "event": {
      const ev = e.event;
      const name = `${ev.title} ${EVENT_KIND_LABELS[ev.kind]}`;
      add("event.date", name, ev.description);
      add("event.lieu", name, ev.place);
      break;
    }
    case "equipment":
      add(
        "equipment.adresse",
        `${e.equipment.type} ${e.equipment.name}`,
        join([e.equipment.commune, e.equipment.address]),
      );
      break;
    case "glossary":
      add(
        "glossary.definition",
        join([e.acronym, ...new Set(e.entries.flatMap((g) => g.variants))]),
        join(e.entries.flatMap((g) => [g.expansion, g.explanation])),
      );
      break;
    case "person": {
      const p = e.person;
      add(
        "person.role",
        p.name,
        join([
          p.title,
          p.organisation,
          ...p.roles.flatMap((r) => [
            ROLE_WORDS[r.role],
            r.detail,
            r.commune,
            r.action ? `action ${r.action}` : null,
          ]),
        ]),
      );
      add("person.contact", p.name, p.email);
      break;
    }
    case "territory": {
      const t = e.territory;
      add("territory.presentation", t.name, join([t.shortName, t.description]));
      add("territory.signataires", t.name, join(t.signatories));
      add("territory.partenaires", t.name, join(t.partners));
      break;
    }
    case "rule":
      add("rule.texte", words(e.rule.key), e.rule.text);
      break;
  }
  return out;
}
