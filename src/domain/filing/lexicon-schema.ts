import { z } from "zod";
import { type Phrase, tokenize } from "./tokens.ts";
import { DOCUMENT_TYPES, type DocumentType, INSTANCE_KINDS, type InstanceKind } from "./types.ts";

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

/** Words with variants: « compte|comptes rendu|rendus », « fa# » (FA2, FA11), « fiche # ». */
const wordsPattern = z.string().regex(/^[a-z0-9#]+(\|[a-z0-9#]+)*( [a-z0-9#]+(\|[a-z0-9#]+)*)*$/, {
  message:
    "mots en minuscules sans accents, séparés par une espace ; « | » entre les variantes d'un mot ; « # » pour un nombre",
});

const wordsEntry = z.strictObject({
  mots: z.array(wordsPattern).min(1),
  confiance: z.number().min(0).max(1),
});

const filedTypes = DOCUMENT_TYPES.filter((t) => t !== "autre") as [DocumentType, ...DocumentType[]];

export const filingLexiconSchema = z.strictObject({
  version: z.literal(1),
  annee: z.strictObject({
    precedente: z.array(folded),
    courante: z.array(folded),
    suivante: z.array(folded),
  }),
  synonymes: z.record(folded, z.array(folded)),
  mots_sans_sujet: z.array(folded),
  types: z.partialRecord(z.enum(filedTypes), z.array(wordsEntry)),
  instances: z.partialRecord(z.enum(INSTANCE_KINDS), z.array(wordsEntry)),
});

export interface WordsCue<T> {
  value: T;
  words: Phrase;
  confidence: number;
}

/** The filing's word lists (prisma/filing/lexicon.yaml), checked. */
export interface FilingLexicon {
  /** Phrases that name a year relative to the day of posting: -1, 0, +1. */
  relativeYears: { words: string[]; offset: -1 | 0 | 1 }[];
  /** How a team names each type of document. */
  types: WordsCue<DocumentType>[];
  /** How a team names the CTG's instances. */
  instances: WordsCue<InstanceKind>[];
  /**
   * Words that say nothing of what a document is about: the listed ones, and every word of the
   * type and instance phrases (« compte », « rendu », « copil »). Corrections learn from the others.
   */
  saysNothing(word: string): boolean;
  /** Everyday words → how a plan writes them (« fete » → « festif », « evenement festif »). */
  synonyms: ReadonlyMap<string, readonly string[]>;
}

/** « compte|comptes rendu » → one anchored expression per word; « # » is a number (« fa# »: FA2, FA2.3). */
export function wordsPhrase(source: string): Phrase {
  return source.split(" ").map((word) => {
    const variants = word.split("|").map((v) => v.replace(/#/g, "\\d.*"));
    return new RegExp(`^(?:${variants.join("|")})$`);
  });
}

function cues<T extends string>(lists: Partial<Record<T, z.infer<typeof wordsEntry>[]>>): WordsCue<T>[] {
  return (Object.entries(lists) as [T, z.infer<typeof wordsEntry>[]][]).flatMap(([value, entries]) =>
    entries.flatMap((e) => e.mots.map((m) => ({ value, words: wordsPhrase(m), confidence: e.confiance }))),
  );
}

export function toFilingLexicon(file: z.infer<typeof filingLexiconSchema>): FilingLexicon {
  const types = cues(file.types);
  const instances = cues(file.instances);
  const listed = new Set(file.mots_sans_sujet);
  const cueWords = [...types, ...instances].flatMap((c) => c.words);
  return {
    relativeYears: [
      { words: file.annee.precedente, offset: -1 },
      { words: file.annee.courante, offset: 0 },
      { words: file.annee.suivante, offset: 1 },
    ],
    types,
    instances,
    saysNothing: (word) => listed.has(word) || cueWords.some((re) => re.test(word)),
    synonyms: new Map(Object.entries(file.synonymes)),
  };
}
