import { describe, expect, it } from "vitest";
import {
  formatYmd,
  fromDayNumber,
  isLeapYear,
  isoWeekday,
  parseIsoYmd,
  toDayNumber,
} from "../../../src/domain/echeancier/calendar.ts";
import { applyModifier, monthsPeriod } from "../../../src/domain/echeancier/period.ts";
import { todayInParis } from "../../../src/domain/echeancier/today-in-paris.ts";

describe("arithmétique de calendrier", () => {
  it("compte les jours depuis le 1er janvier 1970 dans les deux sens", () => {
    expect(toDayNumber({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(toDayNumber({ year: 2024, month: 3, day: 26 })).toBe(19808);
    expect(fromDayNumber(19808)).toEqual({ year: 2024, month: 3, day: 26 });
    expect(fromDayNumber(-1)).toEqual({ year: 1969, month: 12, day: 31 });
  });

  it("donne le jour de la semaine ISO (1 = lundi)", () => {
    expect(isoWeekday({ year: 1970, month: 1, day: 1 })).toBe(4);
    expect(isoWeekday({ year: 2024, month: 3, day: 26 })).toBe(2);
    expect(isoWeekday({ year: 2024, month: 3, day: 29 })).toBe(5);
    expect(isoWeekday({ year: 2000, month: 2, day: 29 })).toBe(2);
  });

  it("suit les années bissextiles grégoriennes", () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
  });

  it("lit et écrit les dates AAAA-MM-JJ, et refuse les dates qui n'existent pas", () => {
    expect(formatYmd({ year: 2024, month: 3, day: 5 })).toBe("2024-03-05");
    expect(parseIsoYmd("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoYmd("2023-02-29")).toBeNull();
    expect(parseIsoYmd("2024-3-5")).toBeNull();
  });
});

describe("début, mi-, fin d'une période", () => {
  it("découpe un mois en décades, la dernière allant au dernier jour du mois", () => {
    const february = monthsPeriod(2024, 2, 1);
    expect(applyModifier(february, "start")).toEqual({
      start: { year: 2024, month: 2, day: 1 },
      end: { year: 2024, month: 2, day: 10 },
      precision: "range",
    });
    expect(applyModifier(february, "end")).toEqual({
      start: { year: 2024, month: 2, day: 21 },
      end: { year: 2024, month: 2, day: 29 },
      precision: "range",
    });
  });

  it("prend le mois du milieu d'un trimestre et les deux mois du milieu d'une année", () => {
    expect(applyModifier(monthsPeriod(2025, 4, 3), "middle")).toEqual(monthsPeriod(2025, 5, 1));
    expect(applyModifier(monthsPeriod(2025, 1, 12), "middle")).toEqual({
      start: { year: 2025, month: 6, day: 1 },
      end: { year: 2025, month: 7, day: 31 },
      precision: "range",
    });
  });
});

describe("date du jour à Paris", () => {
  it("passe au lendemain à minuit heure de Paris, en hiver comme en été", () => {
    expect(todayInParis(new Date("2024-12-31T22:59:00Z"))).toEqual({ year: 2024, month: 12, day: 31 });
    expect(todayInParis(new Date("2024-12-31T23:00:00Z"))).toEqual({ year: 2025, month: 1, day: 1 });
    expect(todayInParis(new Date("2024-06-30T21:59:00Z"))).toEqual({ year: 2024, month: 6, day: 30 });
    expect(todayInParis(new Date("2024-06-30T22:00:00Z"))).toEqual({ year: 2024, month: 7, day: 1 });
  });
});
