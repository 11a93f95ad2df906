import type { Modifier } from "./period.ts";
import type { Season } from "./vocabulary.ts";

/** A calendar unit as written; `year: null` means the text gives no year and it must be inferred. */
export type PointCore =
  | {
      readonly kind: "day";
      readonly day: number;
      /** null only for the first day of "du 3 au 5 mars", which borrows the month of the second. */
      readonly month: number | null;
      readonly year: number | null;
      /** ISO weekday named in the text ("mardi 26 mars"), or null. */
      readonly weekday: number | null;
    }
  | { readonly kind: "month"; readonly month: number; readonly year: number | null }
  | { readonly kind: "quarter"; readonly quarter: number; readonly year: number | null }
  | { readonly kind: "semester"; readonly semester: number; readonly year: number | null }
  /** For winter, `year` is the year of its January ("hiver 2024" = December 2023 to February 2024). */
  | { readonly kind: "season"; readonly season: Season; readonly year: number | null }
  | { readonly kind: "schoolYear"; readonly startYear: number | null }
  | { readonly kind: "year"; readonly year: number | null };

export interface Point {
  readonly core: PointCore;
  readonly modifier: Modifier | null;
  /** Highest confidence this wording allows (fuzzy words lower it). */
  readonly confidence: number;
}

export type DateExpression =
  | {
      readonly kind: "point";
      readonly point: Point;
      /** "avant 2025": the deadline is the day before the named period. */
      readonly before: boolean;
      /** "vers 2025" */
      readonly approximate: boolean;
    }
  | { readonly kind: "range"; readonly from: Point; readonly to: Point; readonly confidence: number };

export function pointExpression(point: Point): DateExpression {
  return { kind: "point", point, before: false, approximate: false };
}

export function coreYear(core: PointCore): number | null {
  return core.kind === "schoolYear" ? core.startYear : core.year;
}

export function withYear(core: PointCore, year: number): PointCore {
  return core.kind === "schoolYear" ? { ...core, startYear: year } : { ...core, year };
}
