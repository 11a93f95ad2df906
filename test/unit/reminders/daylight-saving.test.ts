import { describe, expect, it } from "vitest";
import { formatOccurrenceForPreview } from "../../../src/core/reminders/plan-reminders.ts";
import { DEFAULT_POLICY } from "../../../src/domain/reminders/types.ts";
import { action, event, knowledge, milestone, plan, schedule, utc, ZONE } from "./fixtures.ts";

const due = (date: string) =>
  knowledge({ actions: [action({ milestones: [milestone({ start: date, end: date })] })] });
const localTimes = (os: ReturnType<typeof plan>) => os.map((o) => formatOccurrenceForPreview(o, ZONE).at);

describe("changements d'heure (Europe/Paris, 2026)", () => {
  it("un rappel J-7 à 9 h tombe à 9 h locales le jour du passage à l'heure d'été et à l'heure d'hiver", () => {
    const spring = plan(
      { knowledge: due("2026-04-05"), from: utc("2026-03-28T00:00:00Z"), to: utc("2026-03-30T00:00:00Z") },
      ["milestone"],
    );
    expect(schedule(spring)).toEqual({ "milestone:11@2026-04-05:J-7:slack:C1": "2026-03-29T07:00:00.000Z" });
    const autumn = plan(
      { knowledge: due("2026-11-01"), from: utc("2026-10-24T00:00:00Z"), to: utc("2026-10-26T00:00:00Z") },
      ["milestone"],
    );
    expect(schedule(autumn)).toEqual({ "milestone:11@2026-11-01:J-7:slack:C1": "2026-10-25T08:00:00.000Z" });
    expect([...localTimes(spring), ...localTimes(autumn)]).toEqual([
      "2026-03-29T09:00:00.000+02:00",
      "2026-10-25T09:00:00.000+01:00",
    ]);
  });

  it("une série quotidienne garde 9 h locales de part et d'autre de chaque changement", () => {
    const daily = { ...DEFAULT_POLICY, overdueEveryDays: 1 };
    const spring = plan(
      {
        knowledge: due("2026-03-26"),
        policy: daily,
        from: utc("2026-03-27T00:00:00Z"),
        to: utc("2026-04-01T00:00:00Z"),
      },
      ["overdue"],
    );
    expect(spring.map((o) => o.at.toISOString())).toEqual([
      "2026-03-27T08:00:00.000Z",
      "2026-03-28T08:00:00.000Z",
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
    ]);
    const autumn = plan(
      {
        knowledge: due("2026-10-22"),
        policy: daily,
        from: utc("2026-10-23T00:00:00Z"),
        to: utc("2026-10-27T00:00:00Z"),
      },
      ["overdue"],
    );
    expect(autumn.map((o) => o.at.toISOString())).toEqual([
      "2026-10-23T07:00:00.000Z",
      "2026-10-24T07:00:00.000Z",
      "2026-10-25T08:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
    ]);
    expect(localTimes([...spring, ...autumn]).every((at) => at.slice(11, 16) === "09:00")).toBe(true);
  });

  it("ne programme rien dans le trou de 2 h à 3 h : 2 h 30 devient 3 h 30, une seule fois en octobre", () => {
    const night = { ...DEFAULT_POLICY, hour: 2, minute: 30 };
    const spring = plan(
      {
        knowledge: due("2026-04-05"),
        policy: night,
        from: utc("2026-03-28T00:00:00Z"),
        to: utc("2026-03-30T00:00:00Z"),
      },
      ["milestone"],
    );
    expect(localTimes(spring)).toEqual(["2026-03-29T03:30:00.000+02:00"]);
    const autumn = plan(
      {
        knowledge: due("2026-11-01"),
        policy: night,
        from: utc("2026-10-24T00:00:00Z"),
        to: utc("2026-10-26T00:00:00Z"),
      },
      ["milestone"],
    );
    expect(schedule(autumn)).toEqual({ "milestone:11@2026-11-01:J-7:slack:C1": "2026-10-25T01:30:00.000Z" });
  });

  it("le rappel du matin d'un évènement est à 8 h locales en été comme en hiver", () => {
    const summer = event({
      key: "gt-ete",
      kind: "groupe_de_travail",
      title: "GT",
      start: utc("2026-07-02T12:00:00Z"),
    });
    const winter = event({
      key: "gt-hiver",
      kind: "groupe_de_travail",
      title: "GT",
      start: utc("2026-01-08T13:00:00Z"),
    });
    const os = plan(
      {
        knowledge: knowledge({ events: [summer, winter] }),
        from: utc("2026-01-01T00:00:00Z"),
        to: utc("2026-12-31T00:00:00Z"),
      },
      ["event"],
    );
    expect(localTimes(os.filter((o) => o.key.includes(":J0:")))).toEqual([
      "2026-01-08T08:00:00.000+01:00",
      "2026-07-02T08:00:00.000+02:00",
    ]);
  });
});
