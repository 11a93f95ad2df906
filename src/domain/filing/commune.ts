import type { Commune } from "../knowledge.ts";
import { editDistance } from "../text/similarity.ts";
import type { Hit } from "./hit.ts";
import { quote, spanText, type Token, tokenize } from "./tokens.ts";

/** "st" and "ste" are how everybody writes Saint and Sainte. */
const expand = (fold: string): string => (fold === "st" ? "saint" : fold === "ste" ? "sainte" : fold);
const ARTICLES = new Set(["le", "la", "les", "l"]);
const SAINTS = new Set(["saint", "sainte", "saints", "saintes"]);
/** "Agglomération d'Agen", "Grand Châtellerault": the territory, not the commune. */
/** "la ville de Châtellerault", "mairie d'Agen": the commune for sure. */
const COMMUNE_WORDS = new Set(["ville", "commune", "mairie", "municipal", "municipale"]);
const TERRITORY_WORDS = new Set(["agglomeration", "agglo", "grand", "communaute", "cc", "ca", "ctg"]);

interface Form {
  commune: Commune;
  words: string[];
  /** A leading part that names the commune alone: "Colayrac" for Colayrac-Saint-Cirq. */
  partial: boolean;
}

function wordsOf(name: string): string[] {
  return tokenize(name).map((t) => expand(t.fold));
}

/** Full names, then unambiguous leading parts ("Sainte-Colombe", "Chef"… only when no other commune shares them). */
function formsOf(communes: readonly Commune[]): Form[] {
  const forms: Form[] = communes.map((commune) => ({
    commune,
    words: wordsOf(commune.name),
    partial: false,
  }));
  const prefixes = new Map<string, Commune[]>();
  for (const f of [...forms]) {
    const start = SAINTS.has(f.words[0] ?? "") || ARTICLES.has(f.words[0] ?? "") ? 2 : 1;
    for (let n = start; n < f.words.length; n++) {
      const head = f.words.slice(0, n);
      const last = head[head.length - 1] ?? "";
      if (last.length < (n === 1 ? 5 : 4)) continue;
      const key = head.join(" ");
      prefixes.set(key, [...(prefixes.get(key) ?? []), f.commune]);
    }
  }
  for (const [key, owners] of prefixes) {
    const [owner] = owners;
    if (owners.length === 1 && owner !== undefined)
      forms.push({ commune: owner, words: key.split(" "), partial: true });
  }
  return forms.sort((a, b) => b.words.length - a.words.length);
}

function matchesAt(tokens: readonly Token[], at: number, words: readonly string[]): boolean {
  return words.every((w, j) => {
    const t = tokens[at + j];
    return t !== undefined && expand(t.fold) === w;
  });
}

/**
 * The commune of the territory a text names, whatever the accents, hyphens, case, or "St"/"Ste".
 * Only communes of the plan are returned.
 */
export function findCommune(
  text: string,
  communes: readonly Commune[],
  options: { territoryName?: string; fuzzy?: boolean } = {},
): Hit<string> | null {
  if (communes.length === 0) return null;
  const tokens = tokenize(text);
  const territoryWords = new Set(wordsOf(options.territoryName ?? ""));
  const forms = formsOf(communes);
  for (let i = 0; i < tokens.length; i++) {
    for (const form of forms) {
      if (!matchesAt(tokens, i, form.words)) continue;
      const end = i + form.words.length;
      const before = tokens[i - 1]?.fold ?? "";
      const beforeBefore = tokens[i - 2]?.fold ?? "";
      if (TERRITORY_WORDS.has(before) || (before === "d" && TERRITORY_WORDS.has(beforeBefore))) continue;
      // "Sainte Colombe" is as telling as the full name when no other commune starts so; a lone word less so.
      let confidence = form.partial ? (form.words.length >= 2 ? 0.8 : 0.75) : 0.9;
      const first = tokens[i];
      if (ARTICLES.has(form.words[0] ?? "") && first !== undefined && first.text === first.text.toLowerCase())
        confidence = 0.45;
      const named = COMMUNE_WORDS.has(before) || (/^(de|d)$/.test(before) && COMMUNE_WORDS.has(beforeBefore));
      if (form.words.every((w) => territoryWords.has(w)) && !named) confidence = Math.min(confidence, 0.5);
      return {
        value: form.commune.name,
        confidence,
        index: i,
        evidence: quote(spanText(text, tokens, i, end)),
      };
    }
  }
  return options.fuzzy === true ? fuzzyCommune(text, tokens, communes) : null;
}

/** One typo in a one-word name of 6 letters or more ("Foulayrones"). */
function fuzzyCommune(
  text: string,
  tokens: readonly Token[],
  communes: readonly Commune[],
): Hit<string> | null {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || t.fold.length < 6) continue;
    const near = communes.filter((c) => {
      const words = wordsOf(c.name);
      return words.length === 1 && (words[0]?.length ?? 0) >= 6 && editDistance(t.fold, words[0] ?? "") === 1;
    });
    const [only] = near;
    if (near.length === 1 && only !== undefined)
      return {
        value: only.name,
        confidence: 0.6,
        index: i,
        evidence: quote(spanText(text, tokens, i, i + 1)),
      };
  }
  return null;
}
