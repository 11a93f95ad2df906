import type { Commune } from "../../domain/knowledge.ts";
import { normalizeKey } from "../../domain/text/normalize.ts";

/** The commune a question names ("à Boé", "st nicolas de la balerme"), longest name first. */
export function findCommune(text: string, communes: readonly Commune[]): Commune | null {
  const key = `-${normalizeKey(text)}-`;
  const sorted = [...communes].sort((a, b) => b.name.length - a.name.length);
  return sorted.find((c) => key.includes(`-${normalizeKey(c.name)}-`)) ?? null;
}

/** The question without the words that named its territory ("à Agen" names the agglomeration). */
export function withoutTerritoryName(input: { q: { text: string }; ignore: readonly string[] }): string {
  if (input.ignore.length === 0) return input.q.text;
  const ignored = new Set(input.ignore);
  return input.q.text
    .split(" ")
    .filter((w) => !ignored.has(w))
    .join(" ");
}
