import type { GlossaryEntry } from "../knowledge.ts";
import { type FrenchAnalyzer, stemWord, type Token, tokenize } from "./french-analyzer.ts";

/** Acronyms that are also everyday French words: they count only when typed in capitals. */
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

/** Whether a folded acronym is also a French word (« en », « ca », « car »): then it counts only in capitals. */
export function capitalsOnly(acronym: string, analyzer: FrenchAnalyzer): boolean {
  return acronym.length <= 2 || analyzer.isStop(acronym) || EVERYDAY_WORDS.has(acronym);
}

interface Pair {
  /** The acronym folded (« rpe »). */
  acronym: string;
  /** As the glossary writes it (« RPE »). */
  spelling: string;
  /** Only in capitals (« EN », « CA »). */
  capitalsOnly: boolean;
  /** Phrases that mean it (expansion, variants), as term sequences. */
  phrases: string[][];
  /** The terms of its first (CTG) meaning. */
  expansion: string[];
}

/**
 * An acronym and its expansion name the same thing: a text that says « Relais Petite Enfance »
 * also yields the term « rpe », and one that says « RPE » also yields the terms of its expansion.
 * Works on tokens, so « en » (a preposition) is not read as EN (Éducation nationale) unless typed
 * in capitals.
 */
export class AcronymExpander {
  private readonly pairs: Pair[];
  private readonly byAcronym = new Map<string, Pair>();
  /** The phrases that mean an acronym, by their first term, with the pair's place in `pairs`. */
  private readonly byFirstTerm = new Map<string, { at: number; phrase: string[] }[]>();
  private readonly memo = new Map<string, string[]>();

  private readonly analyzer: FrenchAnalyzer;

  constructor(glossary: readonly GlossaryEntry[], analyzer: FrenchAnalyzer) {
    this.analyzer = analyzer;
    for (const entry of glossary) {
      const folded = tokenize(entry.acronym).map((t) => t.text);
      if (folded.length !== 1) continue;
      const acronym = folded[0] ?? "";
      if (acronym.length < 2) continue;
      const pair =
        this.byAcronym.get(acronym) ??
        ({
          acronym,
          spelling: entry.acronym,
          capitalsOnly: capitalsOnly(acronym, analyzer),
          phrases: [],
          expansion: [],
        } satisfies Pair);
      if (pair.expansion.length === 0) pair.expansion = analyzer.terms(entry.expansion);
      for (const p of [entry.expansion, ...entry.variants]) {
        const terms = analyzer.terms(p);
        const meaningful =
          terms.length >= 2 || (terms.length === 1 && terms[0] !== acronym && (terms[0]?.length ?? 0) > 4);
        if (meaningful) pair.phrases.push(terms);
      }
      this.byAcronym.set(acronym, pair);
    }
    this.pairs = [...this.byAcronym.values()];
    this.pairs.forEach((pair, at) => {
      for (const phrase of pair.phrases) {
        const first = phrase[0] ?? "";
        this.byFirstTerm.set(first, [...(this.byFirstTerm.get(first) ?? []), { at, phrase }]);
      }
    });
  }

  /** Whether a typed token names this acronym (capitals required for the ambiguous ones). */
  private names(pair: Pair, token: Token): boolean {
    if (token.text !== pair.acronym) return false;
    return !pair.capitalsOnly || token.raw === token.raw.toUpperCase();
  }

  /** The acronyms a text names, by acronym or by expansion, folded, in the glossary's order. */
  acronymsIn(text: string): string[] {
    const tokens = tokenize(text);
    const terms = tokens.filter((t) => !this.analyzer.isStop(t.text)).map((t) => stemWord(t.text));
    return this.pairs
      .filter(
        (p) => tokens.some((t) => this.names(p, t)) || p.phrases.some((ph) => containsSequence(terms, ph)),
      )
      .map((p) => p.acronym);
  }

  /** Extra terms for a text: the expansions of the acronyms it uses, the acronyms of the expansions it spells out. */
  expand(text: string): string[] {
    const known = this.memo.get(text);
    if (known) return known;
    const extra = this.expandTokens(tokenize(text));
    if (this.memo.size < 20_000) this.memo.set(text, extra);
    return extra;
  }

  /** `expand` for a text already tokenized. */
  expandTokens(tokens: readonly Token[]): string[] {
    const terms = tokens.filter((t) => !this.analyzer.isStop(t.text)).map((t) => stemWord(t.text));
    // Looked up by word rather than by pair: every passage of every plan goes through here.
    const named = new Set<Pair>();
    for (const t of tokens) {
      const pair = this.byAcronym.get(t.text);
      if (pair && this.names(pair, t)) named.add(pair);
    }
    const spelled = new Set<number>();
    terms.forEach((term, i) => {
      for (const { at, phrase } of this.byFirstTerm.get(term) ?? []) {
        if (!spelled.has(at) && startsAt(terms, phrase, i)) spelled.add(at);
      }
    });
    const extra: string[] = [];
    if (named.size > 0 || spelled.size > 0) {
      this.pairs.forEach((pair, at) => {
        if (named.has(pair)) extra.push(...pair.expansion);
        if (spelled.has(at)) extra.push(stemWord(pair.acronym));
      });
    }
    return extra;
  }

  /** The acronym a single folded word is, if it is one (« laep »). */
  acronym(word: string): string | null {
    return this.byAcronym.get(word)?.acronym ?? null;
  }
}

function startsAt(haystack: readonly string[], needle: readonly string[], i: number): boolean {
  if (i + needle.length > haystack.length) return false;
  for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) return false;
  return true;
}

export function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
