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

/** The territory a question names, if exactly one is named; with the words that named it. */
export function findNamedTerritory(
  question: string,
  territories: readonly TerritorySummary[],
): { territory: TerritorySummary; words: string[] } | null {
  const text = ` ${normalizeText(question)} `;
  const named = territories
    .map((t) => ({ territory: t, words: territoryAliases(t).filter((a) => text.includes(` ${a} `)) }))
    .filter((x) => x.words.length > 0);
  if (named.length !== 1) return null;
  const [only] = named;
  return only ? { territory: only.territory, words: only.words.flatMap((w) => w.split(" ")) } : null;
}
