import type { FacetKey } from "../../domain/qa/facets.ts";
import type { Entity } from "./entities.ts";

/** The field a facet names, as the plan writes it; null or [] when the plan does not give it. */
export function fieldValue(e: Entity, facet: FacetKey): string | string[] | null {
  switch (e.kind) {
    case "action": {
      const a = e.action;
      switch (facet) {
        case "action.pilote":
          return a.pilote;
        case "action.partenaires":
          return a.partenaires;
        case "action.public_cible":
          return a.publicCible;
        case "action.constat":
          return a.constat;
        case "action.objectifs":
          return a.objectifs;
        case "action.moyens":
          return a.moyens;
        case "action.indicateurs":
          return a.indicateurs;
        case "action.resultats_attendus":
          return a.resultatsAttendus;
        case "action.echeancier":
          return a.milestones.length ? a.milestones.map((m) => m.label) : a.echeancier;
        default:
          return a.title;
      }
    }
    case "axis":
      return facet === "axis.enjeux" ? e.axis.enjeux.map((x) => x.title) : e.axis.title;
    case "instance": {
      const i = e.instance;
      switch (facet) {
        case "instance.composition":
          return i.composition;
        case "instance.frequence":
          return i.frequency ?? (i.minPerYear ? `au moins ${i.minPerYear} par an` : null);
        case "instance.secretariat":
          return i.secretariat;
        case "instance.animation":
          return i.animation;
        default:
          return i.role ?? i.name;
      }
    }
    case "event":
      return facet === "event.lieu" ? e.event.place : e.event.title;
    case "equipment":
      return e.equipment.address;
    case "person":
      return facet === "person.contact" ? e.person.email : e.person.name;
    case "territory": {
      const t = e.territory;
      switch (facet) {
        case "territory.debut":
          return t.conventionStart;
        case "territory.fin":
          return t.conventionEnd;
        case "territory.duree":
          return t.conventionStart && t.conventionEnd ? `${t.conventionStart}/${t.conventionEnd}` : null;
        case "territory.preavis":
          return t.noticeMonths === null ? null : String(t.noticeMonths);
        case "territory.signature":
          return t.signedOn;
        case "territory.signataires":
          return t.signatories;
        case "territory.partenaires":
          return t.partners;
        default:
          return t.name;
      }
    }
    case "rule":
      return e.rule.text;
    case "glossary":
      return e.entries.map((g) => g.expansion);
    case "milestone":
      return e.milestone.label;
  }
}

export function fieldIsEmpty(e: Entity, facet: FacetKey): boolean {
  // Communes are counted from the plan's list, or read in its description.
  if (facet === "territory.communes") return false;
  // The signature is shown with the convention's dates and its events; only missing if neither.
  if (facet === "territory.signature") return false;
  const v = fieldValue(e, facet);
  return v === null || (Array.isArray(v) && v.length === 0) || (typeof v === "string" && v.trim() === "");
}
