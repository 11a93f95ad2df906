import { z } from "zod";
import { policyFileSchema } from "../reminders/policy.ts";
import { ARTICLES } from "../text/french-names.ts";
import { isCalendarDate, isLocalDateTime, isValidZone } from "../time/zoned.ts";

/**
 * The human-editable plan file: one YAML file per territory, French keys because the
 * coordinators who edit it are French. Every field the source documents give has a home here.
 */

const isoDate = z
  .string({ error: "date attendue au format AAAA-MM-JJ" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date attendue au format AAAA-MM-JJ")
  .refine(isCalendarDate, { message: "date inexistante" });

/** A local date-time in the territory's timezone: `2024-01-19T09:30` or a date alone (all-day). */
const localDateTime = z
  .string({ error: "date attendue au format AAAA-MM-JJ ou AAAA-MM-JJTHH:MM" })
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, "date attendue au format AAAA-MM-JJ ou AAAA-MM-JJTHH:MM")
  .refine(isLocalDateTime, { message: "date inexistante" });

const text = z.string({ error: "texte attendu" }).trim().min(1, "ne doit pas être vide");
const textList = z.array(text, { error: "liste attendue" });
const key = z
  .string({ error: "identifiant attendu" })
  .regex(/^[a-z0-9][a-z0-9-]*$/, "identifiant attendu : minuscules, chiffres et tirets (ex. « copil-2024 »)");

export const EVENT_KINDS = [
  "copil",
  "cotech",
  "groupe_de_travail",
  "cellule_de_suivi",
  "commission",
  "journee_ressources",
  "rencontre_de_territoire",
  "reunion_partenariale",
  "signature",
  "autre",
] as const;
export const eventKind = z.enum(EVENT_KINDS, { error: `type attendu parmi : ${EVENT_KINDS.join(", ")}` });

export const ROLES = ["coordinateur", "referent_technique", "referent_elu", "pilote", "partenaire"] as const;
export const ACTION_STATUSES = ["a_lancer", "en_cours", "realisee", "suspendue", "abandonnee"] as const;
export const PRECISIONS = ["day", "month", "quarter", "semester", "schoolYear", "year", "range"] as const;

export const conventionSchema = z.strictObject({
  intitule: text.optional(),
  debut: isoDate.optional(),
  fin: isoDate.optional(),
  signee_le: isoDate.optional(),
  /** Notice period (préavis / délai de prévenance) in months before the end, when the convention gives one. */
  preavis_mois: z.number().int().min(0).max(36).optional(),
  signataires: textList.optional(),
});

export const territorySchema = z.strictObject({
  slug: key,
  nom: text,
  nom_court: text.optional(),
  /**
   * The article of the name, for sentences: « l' » (de l'Agglomération d'Agen), « le » (du Golfe
   * du Morbihan…), « la », « les »; left out when the name takes none (Mellois en Poitou).
   */
  article: z.enum(ARTICLES, { error: `article attendu parmi : ${ARTICLES.join(", ")} (ou rien)` }).optional(),
  fuseau: text
    .default("Europe/Paris")
    .refine(isValidZone, { message: "fuseau horaire inconnu (exemple : Europe/Paris)" }),
  description: text.optional(),
  partenaires: textList.optional(),
  convention: conventionSchema.optional(),
  source: text.optional(),
});

export const communeSchema = z.strictObject({
  nom: text,
  code_postal: z
    .string()
    .regex(/^\d{5}$/, "code postal à 5 chiffres")
    .optional(),
});

export const roleSchema = z.strictObject({
  role: z.enum(ROLES, { error: `rôle attendu parmi : ${ROLES.join(", ")}` }),
  commune: text.optional(),
  action: text.optional(),
  precision: text.optional(),
});

export const personSchema = z.strictObject({
  cle: key,
  nom: text,
  organisation: text.optional(),
  fonction: text.optional(),
  email: z.email("adresse électronique invalide").optional(),
  roles: z.array(roleSchema).default([]),
  identites: z
    .strictObject({
      slack: text.optional(),
      matrix: z
        .string()
        .regex(/^@[^:]+:.+$/, "identifiant Matrix attendu : @nom:serveur")
        .optional(),
    })
    .optional(),
});

const objectiveSchema = z.strictObject({
  titre: text,
  objectifs: textList.default([]),
});

export const axisSchema = z.strictObject({
  numero: text,
  titre: text,
  description: text.optional(),
  /** Enjeux (or strategic objectives), each with its operational objectives. */
  enjeux: z.array(objectiveSchema).default([]),
});

export const milestoneSchema = z.strictObject({
  libelle: text,
  debut: isoDate,
  fin: isoDate,
  precision: z.enum(PRECISIONS, { error: `précision attendue parmi : ${PRECISIONS.join(", ")}` }),
  texte: text.optional(),
});

export const actionSchema = z.strictObject({
  numero: text,
  axe: text.optional(),
  titre: text,
  /** The enjeu / objectif the action serves, as written. */
  objectif: text.optional(),
  constat: text.optional(),
  objectifs: textList.default([]),
  pilote: text.optional(),
  partenaires: textList.default([]),
  public_cible: text.optional(),
  resultats_attendus: textList.default([]),
  moyens: text.optional(),
  indicateurs: textList.default([]),
  statut: z
    .enum(ACTION_STATUSES, { error: `statut attendu parmi : ${ACTION_STATUSES.join(", ")}` })
    .default("a_lancer"),
  /** The échéancier cell as written in the convention; milestones are read from it. */
  echeancier: text.optional(),
  /** Explicit milestones: when present they replace what is read from `echeancier`. */
  jalons: z.array(milestoneSchema).optional(),
  axes_lies: textList.default([]),
  source: text.optional(),
});

export const instanceSchema = z.strictObject({
  cle: key,
  type: eventKind,
  nom: text,
  role: text.optional(),
  composition: text.optional(),
  frequence: text.optional(),
  /** Minimum number of meetings a year when the rules give one ("au moins une fois par an" → 1). */
  min_par_an: z.number().int().min(0).max(52).optional(),
  secretariat: text.optional(),
  animation: text.optional(),
  source: text.optional(),
});

export const eventSchema = z.strictObject({
  cle: key,
  type: eventKind,
  titre: text,
  debut: localDateTime,
  fin: localDateTime.optional(),
  lieu: text.optional(),
  description: text.optional(),
  /** Not yet fixed (e.g. "mardi 26 mars ou vendredi 29 mars"). */
  provisoire: z.boolean().default(false),
  /** Demo data added where the documents give no date: never presented as a fact. */
  exemple: z.boolean().default(false),
  source: text.optional(),
});

export const equipmentSchema = z.strictObject({
  commune: text,
  type: text,
  nom: text,
  adresse: text.optional(),
});

export const glossarySchema = z.strictObject({
  sigle: text,
  definition: text,
  explication: text.optional(),
});

export const ruleSchema = z.strictObject({
  cle: key,
  texte: text,
  parametres: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  source: text.optional(),
});

export const planSchema = z.strictObject({
  territoire: territorySchema,
  communes: z.array(communeSchema).default([]),
  personnes: z.array(personSchema).default([]),
  axes: z.array(axisSchema).default([]),
  actions: z.array(actionSchema).default([]),
  instances: z.array(instanceSchema).default([]),
  evenements: z.array(eventSchema).default([]),
  equipements: z.array(equipmentSchema).default([]),
  glossaire: z.array(glossarySchema).default([]),
  regles: z.array(ruleSchema).default([]),
  /** Reminder policy of the territory; what is left out keeps the bot's default. */
  rappels: policyFileSchema.optional(),
});

export type PlanFile = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type PlanAction = z.infer<typeof actionSchema>;
export type PlanEvent = z.infer<typeof eventSchema>;
