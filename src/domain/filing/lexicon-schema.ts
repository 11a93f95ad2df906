import { z } from "zod";
import { tokenize } from "./tokens.ts";

/** A phrase of the lexicon: folded words separated by single spaces, as `tokenize` writes them. */
const folded = z
  .string()
  .min(1)
  .refine(
    (s) =>
      tokenize(s)
        .map((t) => t.fold)
        .join(" ") === s,
    {
      message: "écrivez l'expression en minuscules, sans accents ni ponctuation (« annee derniere »)",
    },
  );

export const filingLexiconSchema = z.strictObject({
  version: z.literal(1),
  annee: z.strictObject({
    precedente: z.array(folded),
    courante: z.array(folded),
    suivante: z.array(folded),
  }),
});

/** The filing's word lists (prisma/filing/lexicon.yaml), checked. */
export interface FilingLexicon {
  /** Phrases that name a year relative to the day of posting: -1, 0, +1. */
  relativeYears: { words: string[]; offset: -1 | 0 | 1 }[];
}

export function toFilingLexicon(file: z.infer<typeof filingLexiconSchema>): FilingLexicon {
  return {
    relativeYears: [
      { words: file.annee.precedente, offset: -1 },
      { words: file.annee.courante, offset: 0 },
      { words: file.annee.suivante, offset: 1 },
    ],
  };
}
