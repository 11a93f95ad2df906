import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../src/domain/reminders/types.ts";
import { action, knowledge, milestone, plan, schedule, utc } from "./fixtures.ts";

const late = (overrides: Parameters<typeof action>[0] = {}, m: Parameters<typeof milestone>[0] = {}) =>
  knowledge({
    actions: [
      action({
        number: "3",
        title: "Soutenir la parentalité",
        milestones: [
          milestone({
            label: "diagnostic partagé",
            start: "2024-01-01",
            end: "2026-11-15",
            precision: "range",
            ...m,
          }),
        ],
        ...overrides,
      }),
    ],
  });
const NOVEMBER = { from: utc("2026-11-01T00:00:00Z"), to: utc("2026-12-01T00:00:00Z") };

describe("échéances en retard", () => {
  it("signale le retard chaque semaine à partir du lendemain de la fin", () => {
    const os = plan({ knowledge: late(), ...NOVEMBER }, ["overdue"]);
    expect(schedule(os)).toEqual({
      "overdue:3@2024-01-01:2026-11-16:slack:C1": "2026-11-16T08:00:00.000Z",
      "overdue:3@2024-01-01:2026-11-23:slack:C1": "2026-11-23T08:00:00.000Z",
      "overdue:3@2024-01-01:2026-11-30:slack:C1": "2026-11-30T08:00:00.000Z",
    });
    expect(os[1]?.text).toBe(
      "En retard : diagnostic partagé — action 3 « Soutenir la parentalité ». Échéance du dimanche 15 novembre 2026 (du 1er janvier 2024 au 15 novembre 2026), dépassée depuis 8 jours. Source : Agglomération d'Agen, fiche action 3.",
    );
    expect(os[1]?.subjectAt).toBeNull();
    expect(os[1]?.reply.blocks.find((b) => b.type === "choices")).toEqual({
      type: "choices",
      prompt: "Où en est cette échéance ?",
      choices: [
        { label: "C'est fait", command: "rappel fait 3@2024-01-01" },
        { label: "Reporter (+7 jours)", command: "rappel reporter 3@2024-01-01 +7" },
      ],
      date: { label: "Reporter au…", command: "rappel reporter 3@2024-01-01 au {date}" },
    });
  });

  it("s'arrête dès que l'échéance est faite ou l'action réalisée ou abandonnée", () => {
    expect(plan({ knowledge: late({}, { done: true }), ...NOVEMBER }, ["overdue"])).toEqual([]);
    expect(plan({ knowledge: late({ status: "realisee" }), ...NOVEMBER }, ["overdue"])).toEqual([]);
    expect(plan({ knowledge: late({ status: "abandonnee" }), ...NOVEMBER }, ["overdue"])).toEqual([]);
    expect(plan({ knowledge: late({ status: "suspendue" }), ...NOVEMBER }, ["overdue"])).toHaveLength(3);
  });

  it("repart du lendemain de la nouvelle date quand l'échéance est reportée", () => {
    const postponed = new Map([["3@2024-01-01", "2026-11-25"]]);
    const os = plan({ knowledge: late(), postponed, ...NOVEMBER }, ["overdue"]);
    expect(schedule(os)).toEqual({ "overdue:3@2024-01-01:2026-11-26:slack:C1": "2026-11-26T08:00:00.000Z" });
    expect(os[0]?.text).toContain("Échéance du mercredi 25 novembre 2026, dépassée depuis 1 jour.");
  });

  it("n'est jamais signalé quand la politique le désactive, ni pour une échéance sans date", () => {
    const policy = { ...DEFAULT_POLICY, overdueEveryDays: 0 };
    expect(plan({ knowledge: late(), policy, ...NOVEMBER }, ["overdue"])).toEqual([]);
    const unreadable = late({}, { confidence: 0, start: null, end: null, precision: null });
    expect(plan({ knowledge: unreadable, ...NOVEMBER }, ["overdue"])).toEqual([]);
  });
});
