import { type Hit, SOURCE_PLACES } from "./hit.ts";
import type { FieldGuess, FieldSource } from "./types.ts";

/** A hit and where it was read. Candidates are listed in precedence order: message, file name, content, channel, learned. */
export interface Sourced<T> {
  source: FieldSource;
  hit: Hit<T> | null;
}

/** How much a source's reading is worth, before the match's own confidence. */
const SOURCE_WEIGHT: Record<FieldSource, number> = {
  message: 1,
  filename: 0.95,
  content: 0.8,
  channel: 1,
  learned: 1,
};

/** A reading at least this sure is taken from the first source that has one; weaker ones only fill a gap. */
const DECISIVE = 0.5;
/** Each other source that reads the same value adds this much. */
const AGREEMENT_BONUS = 0.03;

/**
 * Applies precedence: what the message says beats the file name, which beats the first page, which
 * beats the channel's defaults. A weak reading ("fiche" alone) does not block a clear one further down.
 */
export function decide<T>(
  candidates: readonly Sourced<T>[],
  same: (a: T, b: T) => boolean,
  describe: (value: T) => string = () => "",
): FieldGuess<T> | null {
  const weighted = candidates
    .filter((c): c is { source: FieldSource; hit: Hit<T> } => c.hit !== null)
    .map((c) => ({ ...c, confidence: c.hit.confidence * SOURCE_WEIGHT[c.source] }));
  const chosen =
    weighted.find((c) => c.confidence >= DECISIVE) ??
    [...weighted].sort((a, b) => b.confidence - a.confidence)[0];
  if (chosen === undefined) return null;
  const agreeing = weighted.filter(
    (c) => c !== chosen && c.source !== chosen.source && same(c.hit.value, chosen.hit.value),
  );
  // Sources that read the same value back it up: the surest reading counts, plus a little for each.
  const surest = Math.max(chosen.confidence, ...agreeing.map((c) => c.confidence));
  const confidence = Math.min(0.99, surest + AGREEMENT_BONUS * agreeing.length);
  const detail = describe(chosen.hit.value);
  const said = chosen.hit.evidence.replace(/[«»\s]/g, "").toLowerCase();
  const adds = detail !== "" && detail.replace(/\s/g, "").toLowerCase() !== said;
  const reason = `${chosen.hit.evidence} ${SOURCE_PLACES[chosen.source]}${adds ? ` : ${detail}` : ""}`;
  return { value: chosen.hit.value, confidence: round(confidence), source: chosen.source, reason };
}

export const round = (x: number): number => Math.round(x * 100) / 100;
