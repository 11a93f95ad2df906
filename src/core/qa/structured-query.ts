import { z } from "zod";
import { ENTITY_KINDS, type EntityKind, FACETS, isFacetKey } from "../../domain/qa/facets.ts";
import { tokenize } from "../../domain/search/french-analyzer.ts";
import { theName } from "../../domain/text/french-names.ts";
import type { KnowledgeIndex } from "./knowledge-index.ts";
import { type Reading, readQuestion } from "./read-question.ts";

/**
 * The structured query a language model may make of a question (docs/questions.md): what it is
 * about and which field it asks. It never carries an answer; the answer comes from the plan.
 * Lenient on what a model adds or leaves out, strict on what it says.
 */
export const structuredQuerySchema = z.object({
  kind: z.enum(ENTITY_KINDS as [EntityKind, ...EntityKind[]]).nullish(),
  facet: z.string().trim().min(1).max(40).nullish(),
  action: z
    .union([
      z
        .string()
        .trim()
        .regex(/^\d+(\.\d+)?$/),
      z.number().positive(),
    ])
    .transform(String)
    .nullish(),
  axis: z
    .union([z.string().trim().regex(/^\d+$/), z.number().int().positive()])
    .transform(String)
    .nullish(),
  commune: z.string().trim().min(1).max(80).nullish(),
  words: z.array(z.string().trim().min(1).max(60)).max(12).nullish(),
  year: z.number().int().min(1990).max(2100).nullish(),
  month: z.number().int().min(1).max(12).nullish(),
  relative: z.enum(["next", "past"]).nullish(),
  list: z.boolean().nullish(),
  count: z.boolean().nullish(),
});

export type StructuredQuery = z.infer<typeof structuredQuerySchema>;

/** Parses a model's reply (JSON, possibly inside a ```json fence) into a query; throws when it is not one. */
export function parseStructuredQuery(content: string): StructuredQuery {
  const body = content
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/```$/, "")
    .trim();
  const parsed = structuredQuerySchema.safeParse(JSON.parse(body));
  if (!parsed.success) throw new Error(`requête structurée invalide : ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The system prompt: the query's shape, the kinds and fields, and the territory's fiches and axes by name. */
export function queryPrompt(index: KnowledgeIndex): string {
  const k = index.knowledge;
  const facets = Object.entries(FACETS)
    .map(([kind, fields]) => `- ${kind} : ${fields.join(", ")}`)
    .join("\n");
  return [
    `Tu transformes une question sur la Convention Territoriale Globale (CTG) de ${theName(k.territory)} en requête JSON.`,
    "Tu ne réponds jamais à la question. Réponds par un seul objet JSON, sans texte autour, de la forme :",
    '{"kind": "<type>", "facet": "<champ>", "action": "<numéro de fiche ou null>", "axis": "<numéro d\'axe ou null>", "commune": "<commune ou null>", "words": ["<mots du sujet>"], "year": <année ou null>, "month": <mois 1-12 ou null>, "relative": "next" | "past" | null, "list": <booléen>, "count": <booléen>}',
    "Types et champs possibles :",
    facets,
    "« words » : les mots qui disent de quoi parle la question, tels que le plan les écrirait (pas les mots de la question qui demandent le champ).",
    "Axes du plan :",
    ...k.axes.map((a) => `- axe ${a.number} : ${a.title}`),
    "Fiches action :",
    ...k.actions.map((a) => `- ${a.number} : ${a.title}`),
    `Communes : ${k.communes.map((c) => c.name).join(", ")}.`,
  ].join("\n");
}

/** Folded words, for comparing names: « Boé » and « boe ». */
const fold = (s: string) =>
  tokenize(s)
    .map((t) => t.text)
    .join(" ");

/** Strength given to what the model says, above any cue the lexicon finds (at most 1). */
const MODEL_WEIGHT = 2;

/**
 * A reading of the question from the model's query: the lexicon's own reading, with the kind,
 * field, numbers, commune, dates and topic words the model gave put first. A number or a commune
 * the plan does not have is dropped, so the model cannot invent an entity.
 */
export function readingFromQuery(
  question: string,
  query: StructuredQuery,
  index: KnowledgeIndex,
  ignore: readonly string[] = [],
): Reading {
  const reading = readQuestion(question, index, ignore);
  const k = index.knowledge;
  if (query.kind) {
    reading.kinds.set(query.kind, MODEL_WEIGHT);
    const key = query.facet ? `${query.kind}.${fold(query.facet).replace(/ /g, "_")}` : "";
    if (isFacetKey(key)) reading.facets.set(key, MODEL_WEIGHT);
  }
  if (query.action && k.actions.some((a) => a.number === query.action))
    reading.actionNumbers = [query.action];
  if (query.axis && k.axes.some((a) => a.number === query.axis)) reading.axisNumbers = [query.axis];
  if (query.commune) {
    const wanted = fold(query.commune);
    const commune = k.communes.find((c) => fold(c.name) === wanted);
    if (commune && !reading.communes.includes(commune.name)) reading.communes.push(commune.name);
  }
  if (query.year) reading.years = [query.year];
  if (query.month) reading.months = [query.month];
  if (query.relative) reading.relative = query.relative;
  if (query.list) reading.list = true;
  if (query.count) reading.count = true;
  if (query.words && query.words.length > 0) {
    const topic = readQuestion(query.words.join(" "), index, ignore).concepts;
    if (topic.length > 0) reading.concepts = topic;
  }
  return reading;
}
