import { parseIsoYmd, type Ymd } from "./calendar.ts";
import { cleanText } from "./clean-text.ts";
import { resolveDrafts } from "./resolve-drafts.ts";
import { segmentBlock } from "./segment-block.ts";
import { todayInParis } from "./today-in-paris.ts";
import type { ParsedMilestone } from "./types.ts";

export type { ParsedMilestone, Precision } from "./types.ts";

export interface ParseEcheancierOptions {
  /** Reference date "YYYY-MM-DD" for dates written without a year; default: today in Europe/Paris. */
  ref?: string;
}

function referenceDate(ref: string | undefined): Ymd {
  if (ref === undefined) return todayInParis(new Date());
  const parsed = parseIsoYmd(ref);
  if (parsed === null)
    throw new RangeError(`parseEcheancier: ref must be a "YYYY-MM-DD" calendar date, got "${ref}"`);
  return parsed;
}

/**
 * Reads the milestones of a French échéancier cell ("2023 : lancement des groupes de travail 2024 : mise
 * en service…"). Every piece of text ends up in a milestone; what has no readable date gets confidence 0
 * and null dates. Dates without a year are placed with `options.ref` (see docs/echeancier.md).
 */
export function parseEcheancier(text: string, options: ParseEcheancierOptions = {}): ParsedMilestone[] {
  const ref = referenceDate(options.ref);
  const blocks = cleanText(text);
  if (blocks.length === 0) return [];
  const drafts = blocks.flatMap((block, index) => segmentBlock(block, `${index}`));
  if (drafts.every((draft) => draft.expression === null)) {
    const whole = blocks.join(" ");
    return [{ label: whole, start: null, end: null, precision: null, text: whole, confidence: 0 }];
  }
  return resolveDrafts(drafts, ref);
}
