import { z } from "zod";

const text = z.string().trim().min(1, "ne doit pas être vide");

/**
 * The shared glossary (`prisma/glossary.yaml`): the field's acronyms. One acronym may have
 * several meanings (AVS: animation de la vie sociale, or auxiliaire de vie scolaire); the first
 * is the one used in CTG work.
 */
export const glossaryFileSchema = z.array(
  z.strictObject({
    sigle: text,
    /** Other spellings people type: "A.V.S.", "Caf", "Relais assistantes maternelles"… */
    variantes: z.array(text).default([]),
    sens: z.array(z.strictObject({ definition: text, explication: text })).min(1, "au moins un sens"),
  }),
);

export type GlossaryFile = z.infer<typeof glossaryFileSchema>;
