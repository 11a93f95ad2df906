import type { TerritorySummary } from "../../domain/model.ts";
import { normalizeText } from "../../domain/text/normalize.ts";

const GENERIC = new Set([
  "communaute",
  "poitou",
  "agglomeration",
  "communes",
  "commune",
  "grand",
  "territoire",
  "golfe",
  "sevre",
]);

/** The words by which people name a territory: "agen", "mellois", "gmva", "vannes", "chatellerault"… */
export function territoryAliases(t: TerritorySummary): string[] {
  const name = normalizeText(t.name);
  const words = name.split(" ").filter((w) => w.length >= 4 && !GENERIC.has(w));
  return [
    ...new Set([name, normalizeText(t.slug), ...(t.shortName ? [normalizeText(t.shortName)] : []), ...words]),
  ];
}

export type NamedTerritoryFinder = (
  question: string,
  territories: readonly TerritorySummary[],
) => { territory: TerritorySummary; words: string[] } | null;

/**
 * Finds the territory a question names, if exactly one is named, with the words that named it.
 * Every question looks at every territory's names: the finder folds each name once.
 */
export function createNamedTerritoryFinder(): NamedTerritoryFinder {
  const aliases = new Map<string, string[]>();
  const aliasesOf = (t: TerritorySummary) => {
    const key = `${t.slug}|${t.name}|${t.shortName ?? ""}`;
    let known = aliases.get(key);
    if (!known) {
      known = territoryAliases(t);
      if (aliases.size < 10_000) aliases.set(key, known);
    }
    return known;
  };
  return (question, territories) => {
    const text = ` ${normalizeText(question)} `;
    const named = territories
      .map((t) => ({ territory: t, words: aliasesOf(t).filter((a) => text.includes(` ${a} `)) }))
      .filter((x) => x.words.length > 0);
    if (named.length !== 1) return null;
    const [only] = named;
    return only ? { territory: only.territory, words: only.words.flatMap((w) => w.split(" ")) } : null;
  };
}
