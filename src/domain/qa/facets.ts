/**
 * What a question can be about (an entity kind) and which of its fields it asks for (a facet).
 * A facet is written `kind.field` in the lexicon; answers report the field alone, next to refs
 * whose type is the kind.
 */
export const FACETS = {
  action: [
    "titre",
    "pilote",
    "partenaires",
    "public_cible",
    "constat",
    "objectifs",
    "moyens",
    "indicateurs",
    "resultats_attendus",
    "echeancier",
    "statut",
  ],
  milestone: ["date"],
  axis: ["titre", "enjeux", "actions"],
  instance: ["role", "composition", "frequence", "secretariat", "animation"],
  event: ["date", "lieu"],
  equipment: ["adresse"],
  glossary: ["definition"],
  person: ["role", "contact"],
  territory: [
    "presentation",
    "debut",
    "fin",
    "duree",
    "preavis",
    "signature",
    "signataires",
    "partenaires",
    "communes",
  ],
  rule: ["texte"],
} as const;

export type EntityKind = keyof typeof FACETS;
export const ENTITY_KINDS = Object.keys(FACETS) as EntityKind[];
export type FieldOf<K extends EntityKind> = (typeof FACETS)[K][number];

/** `kind.field`, e.g. `action.public_cible`. */
export type FacetKey = { [K in EntityKind]: `${K}.${FieldOf<K>}` }[EntityKind];

export const FACET_KEYS: FacetKey[] = ENTITY_KINDS.flatMap((k) =>
  FACETS[k].map((f) => `${k}.${f}` as FacetKey),
);

export function isFacetKey(s: string): s is FacetKey {
  return (FACET_KEYS as string[]).includes(s);
}

export function kindOf(facet: FacetKey): EntityKind {
  return facet.slice(0, facet.indexOf(".")) as EntityKind;
}

export function fieldOf(facet: FacetKey): string {
  return facet.slice(facet.indexOf(".") + 1);
}

/** The facet an entity is answered with when the question asks for no field of it. */
export const DEFAULT_FACET: Record<EntityKind, FacetKey> = {
  action: "action.titre",
  milestone: "milestone.date",
  axis: "axis.titre",
  instance: "instance.role",
  event: "event.date",
  equipment: "equipment.adresse",
  glossary: "glossary.definition",
  person: "person.role",
  territory: "territory.presentation",
  rule: "rule.texte",
};
