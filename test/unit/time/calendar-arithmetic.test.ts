import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "../../../src/domain/time/zoned.ts";

describe("calendar arithmetic on YYYY-MM-DD dates", () => {
  it.each([
    ["2024-03-31", -1, "2024-02-29"],
    ["2023-03-31", -1, "2023-02-28"],
    ["2024-12-31", -1, "2024-11-30"],
    ["2024-01-15", 13, "2025-02-15"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2024-05-10", -12, "2023-05-10"],
    ["2026-01-01", -1, "2025-12-01"],
    ["2026-06-30", 0, "2026-06-30"],
  ])("%s plus %i months is %s (a missing day becomes the month's last)", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-12-31", 1, "2025-01-01"],
    ["2026-03-29", -30, "2026-02-27"],
  ])("%s plus %i days is %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});
