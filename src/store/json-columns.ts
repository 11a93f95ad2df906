import { z } from "zod";

/**
 * JSON columns read back from the database are parsed, not cast: a row written by an older
 * version, or by hand, may not have the shape the code expects. What does not parse is read as
 * the column's empty value.
 */
export const ruleParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type RuleParams = z.infer<typeof ruleParamsSchema>;

/** A rule's `params` column: its settings, or null when it has none (or none we can read). */
export function ruleParams(stored: unknown): RuleParams | null {
  const parsed = ruleParamsSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** A JSON object column (the territory's reminder policy as its plan file wrote it); {} otherwise. */
export function jsonObject(stored: unknown): Record<string, unknown> {
  const parsed = z.record(z.string(), z.unknown()).safeParse(stored);
  return parsed.success ? parsed.data : {};
}
