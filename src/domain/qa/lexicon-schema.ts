import { z } from "zod";
import { EVENT_KINDS, ROLES } from "../plan/plan-schema.ts";
import { ENTITY_KINDS, type EntityKind, type FacetKey, isFacetKey } from "./facets.ts";

/**
 * The words the question reader knows (`prisma/qa/lexicon.yaml`): chat spellings, cue phrases
 * for facets and kinds, synonyms. Phrases are compared word by word after folding accents and
 * case, so « Quand ? », « quand » and « qd » (through a rewrite) are the same cue.
 */

const phrase = z.string().trim().min(1, "ne doit pas être vide");
const phrases = z.array(phrase).min(1, "au moins une expression");
const weight = z.number().min(0).max(2);

const facetWeights = z
  .record(z.string(), weight)
  .superRefine((rec, ctx) => {
    for (const key of Object.keys(rec)) {
      if (!isFacetKey(key))
        ctx.addIssue({ code: "custom", message: `facette inconnue : ${key}`, path: [key] });
    }
  })
  .transform((rec) => rec as Partial<Record<FacetKey, number>>);

const kindWeights = z
  .record(z.string(), weight)
  .superRefine((rec, ctx) => {
    for (const key of Object.keys(rec)) {
      if (!(ENTITY_KINDS as string[]).includes(key))
        ctx.addIssue({ code: "custom", message: `type d'entité inconnu : ${key}`, path: [key] });
    }
  })
  .transform((rec) => rec as Partial<Record<EntityKind, number>>);

export const lexiconSchema = z.strictObject({
  /** Chat spellings and abbreviations, rewritten before anything is read (« qd » → « quand »). */
  rewrites: z.array(z.strictObject({ from: phrase, to: z.string().trim() })).default([]),
  /** Stop words beyond the base French list, dropped from questions and plan texts alike. */
  stopwords: z.array(phrase).default([]),
  /** Words that say nothing about the plan, beyond French stop words (« bonjour », « svp »). */
  fillers: z.array(phrase).default([]),
  /** Cue phrases and the facets they ask for, with a strength (1 = says it plainly). */
  facets: z
    .array(
      z.strictObject({
        cues: phrases,
        facets: facetWeights,
        /** The cue words are also words of the plan (« lancement »): they stay in the topic. */
        keep: z.boolean().default(false),
      }),
    )
    .default([]),
  /** Cue phrases that name a kind of thing (« fiche » → action, « crèche » → equipment). */
  kinds: z
    .array(z.strictObject({ cues: phrases, kinds: kindWeights, keep: z.boolean().default(false) }))
    .default([]),
  /** How people name each kind of meeting or body. */
  event_kinds: z.array(z.strictObject({ kind: z.enum(EVENT_KINDS), cues: phrases })).default([]),
  /** How people name the roles of the plan's people. */
  roles: z.array(z.strictObject({ roles: z.array(z.enum(ROLES)).min(1), cues: phrases })).default([]),
  /** Everyday names of the types of the equipment directory (type as the plans write it). */
  equipment_types: z.array(z.strictObject({ type: phrase, cues: phrases })).default([]),
  /** « prochain », « dernier »… */
  time: z
    .strictObject({
      next: z.array(phrase).default([]),
      past: z.array(phrase).default([]),
      /** The twelve months, January first. */
      months: z.array(phrases).length(12, "douze mois, de janvier à décembre"),
      /** « la deuxième date », « le 3e copil ». */
      ordinals: z.array(z.strictObject({ n: z.number().int().min(1).max(12), cues: phrases })).default([]),
    })
    .optional(),
  /** The question asks for a list (« quelles actions ») or a count (« combien »). */
  modes: z.strictObject({ list: z.array(phrase).default([]), count: z.array(phrase).default([]) }).default({
    list: [],
    count: [],
  }),
  /**
   * Facts plan files seldom hold (a budget, a phone number, the weather): asked and found nowhere
   * in the plan, they are « pas dans le plan ». Their words stay in the topic, so a plan that does
   * give one (a phone number in a description) is still searched.
   */
  absent: z.array(z.strictObject({ cues: phrases, label: phrase })).default([]),
  /** Everyday words and the plan's words for the same thing (« cars » → « transport »). */
  synonyms: z.array(z.strictObject({ words: phrases, means: phrases })).default([]),
});

export type LexiconFile = z.infer<typeof lexiconSchema>;
