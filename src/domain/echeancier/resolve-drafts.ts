import { formatYmd, type Ymd } from "./calendar.ts";
import { type Anchor, resolveWithContext } from "./infer-year.ts";
import { type Period, spanInDays } from "./period.ts";
import { needsYear, type Resolution, resolveExpression } from "./resolve-expression.ts";
import type { MilestoneDraft } from "./segment-block.ts";
import type { ParsedMilestone } from "./types.ts";

/**
 * What a milestone whose year is written tells the undated ones after it: a year ("2019") holds them
 * in that year; a shorter period ("Décembre 2023") has them follow it; a longer one says nothing.
 */
function anchorOf(period: Period): Anchor | null {
  if (period.precision === "year") return { start: period.start, wholeYear: true };
  return spanInDays(period) < 365 ? { start: period.start, wholeYear: false } : null;
}

function unreadable(draft: MilestoneDraft): ParsedMilestone {
  return { label: draft.label, start: null, end: null, precision: null, text: draft.text, confidence: 0 };
}

function toMilestone(draft: MilestoneDraft, resolution: Resolution | null): ParsedMilestone {
  if (resolution === null || resolution.confidence <= 0) return unreadable(draft);
  const { period, confidence } = resolution;
  return {
    label: draft.label,
    start: formatYmd(period.start),
    end: formatYmd(period.end),
    precision: period.precision,
    text: draft.text,
    confidence,
  };
}

/**
 * Resolves drafts in text order. Drafts that name their year are resolved first, so that a date
 * without a year can borrow it from a later date of its run or from the previous dated milestone.
 */
export function resolveDrafts(drafts: readonly MilestoneDraft[], ref: Ymd): ParsedMilestone[] {
  const explicit = drafts.map((draft) =>
    draft.expression !== null && !needsYear(draft.expression)
      ? resolveExpression(draft.expression, null)
      : null,
  );
  let anchor: Anchor | null = null;
  return drafts.map((draft, index) => {
    const { expression } = draft;
    if (expression === null) return unreadable(draft);
    let resolution = explicit[index] ?? null;
    if (needsYear(expression)) {
      const siblingIndex = drafts.findIndex(
        (other, otherIndex) =>
          otherIndex > index && other.group === draft.group && explicit[otherIndex] != null,
      );
      const sibling = siblingIndex === -1 ? null : (explicit[siblingIndex]?.period.start ?? null);
      resolution = resolveWithContext(expression, { ref, sibling, anchor });
    } else if (resolution !== null) {
      anchor = anchorOf(resolution.period);
    }
    return toMilestone(draft, resolution);
  });
}
