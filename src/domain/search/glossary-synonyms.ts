import type { GlossaryEntry } from "../knowledge.ts";
import { normalizeText } from "../text/normalize.ts";
import { STOPWORDS, stems } from "./french-words.ts";
import type { Synonyms } from "./text-search.ts";

/** Acronyms that are also French words people type in lower case. */
const EVERYDAY_WORDS = new Set([
  "cap",
  "car",
  "mam",
  "pel",
  "ses",
  "sas",
  "bus",
  "art",
  "cas",
  "pas",
  "ars",
  "ese",
]);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface Pair {
  acronym: string;
  /** Set for acronyms that are also everyday words ("CA"/"ça", "EN"/"en"): matched only in capitals. */
  capitals: RegExp | null;
  /** Phrases that mean the acronym (expansion, variants) as stem sequences: plurals match too. */
  phrases: string[][];
  expansionStems: string[];
}

/**
 * An acronym and its expansion are the same thing: a text saying "Relais Petite Enfance" also
 * yields the term "rpe", and a text saying "RPE" also yields the stems of its expansion.
 */
export class GlossarySynonyms implements Synonyms {
  private readonly pairs: Pair[];

  constructor(glossary: readonly GlossaryEntry[]) {
    const byAcronym = new Map<string, Pair>();
    for (const entry of glossary) {
      const acronym = normalizeText(entry.acronym);
      if (acronym.length < 2) continue;
      const ambiguous = acronym.length <= 2 || STOPWORDS.has(acronym) || EVERYDAY_WORDS.has(acronym);
      const capitals = ambiguous
        ? new RegExp(
            `(^|[^\\p{L}\\p{N}])${escapeRegExp(entry.acronym.toUpperCase())}($|[^\\p{L}\\p{N}])`,
            "u",
          )
        : null;
      const pair = byAcronym.get(acronym) ?? { acronym, capitals, phrases: [], expansionStems: [] };
      // The first meaning (the CTG one) gives the stems an acronym expands to.
      if (pair.expansionStems.length === 0) pair.expansionStems = stems(entry.expansion);
      for (const p of [entry.expansion, ...entry.variants]) {
        const phrase = stems(p);
        if (
          phrase.length >= 2 ||
          (phrase.length === 1 && phrase[0] !== acronym && (phrase[0]?.length ?? 0) > 4)
        ) {
          pair.phrases.push(phrase);
        }
      }
      byAcronym.set(acronym, pair);
    }
    this.pairs = [...byAcronym.values()];
  }

  private names(pair: Pair, text: string, normalized: string): boolean {
    return pair.capitals ? pair.capitals.test(text) : normalized.includes(` ${pair.acronym} `);
  }

  /** Same texts come back (an action's title for each of its milestones): expansions are kept. */
  private readonly memo = new Map<string, string[]>();

  expand(text: string): string[] {
    const known = this.memo.get(text);
    if (known) return known;
    const result = this.computeExpansion(text);
    if (this.memo.size < 20_000) this.memo.set(text, result);
    return result;
  }

  private computeExpansion(text: string): string[] {
    const normalized = ` ${normalizeText(text)} `;
    const textStems = stems(text);
    const extra: string[] = [];
    for (const pair of this.pairs) {
      if (this.names(pair, text, normalized)) extra.push(...pair.expansionStems);
      if (pair.phrases.some((ph) => containsSequence(textStems, ph))) extra.push(pair.acronym);
    }
    return extra;
  }

  /** The acronyms a text names, by acronym or by expansion. */
  acronymsIn(text: string): string[] {
    const normalized = ` ${normalizeText(text)} `;
    const textStems = stems(text);
    return this.pairs
      .filter(
        (p) => this.names(p, text, normalized) || p.phrases.some((ph) => containsSequence(textStems, ph)),
      )
      .map((p) => p.acronym);
  }
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
