import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../src/domain/reminders/types.ts";
import { action, event, knowledge, milestone, plan, schedule, utc } from "./fixtures.ts";

const k = knowledge({
  actions: [
    action({ milestones: [milestone({ label: "bilan d'étape", start: "2026-11-27", end: "2026-11-27" })] }),
    action({
      number: "12",
      title: "Ouvrir un lieu d'accueil enfants-parents",
      milestones: [
        milestone({ label: "ouverture", start: "2026-12-01", end: "2026-12-31", precision: "month" }),
        milestone({ label: "inauguration", start: "2026-12-07", end: "2026-12-07" }),
        milestone({ label: "convention signée", start: "2026-11-30", end: "2026-11-30", done: true }),
      ],
    }),
    action({
      number: "3",
      title: "Soutenir la parentalité",
      milestones: [
        milestone({ label: "diagnostic", start: "2026-10-01", end: "2026-11-01", precision: "range" }),
      ],
    }),
  ],
  events: [
    event({ start: utc("2026-12-03T13:00:00Z"), place: "Salle du conseil" }),
    event({
      key: "jr",
      kind: "journee_ressources",
      title: "Parentalité",
      start: utc("2026-12-07T08:00:00Z"),
    }),
  ],
});

describe("récapitulatif hebdomadaire", () => {
  it("chaque lundi à 9 h : les 14 prochains jours et le nombre d'échéances en retard", () => {
    const os = plan({ knowledge: k, from: utc("2026-11-23T00:00:00Z"), to: utc("2026-11-24T00:00:00Z") }, [
      "digest",
    ]);
    expect(schedule(os)).toEqual({ "digest:agen:2026-11-23:slack:C1": "2026-11-23T08:00:00.000Z" });
    expect(os[0]?.text).toBe(
      [
        "Les 14 prochains jours — Agglomération d'Agen. Du lundi 23 novembre 2026 au dimanche 6 décembre 2026 :",
        "- vendredi 27 novembre 2026 — échéance : bilan d'étape — action 11 « Développer l'accueil des jeunes enfants »",
        "- mardi 1er décembre 2026 — début (décembre 2026) : ouverture — action 12 « Ouvrir un lieu d'accueil enfants-parents »",
        "- jeudi 3 décembre 2026 à 14 h — COPIL annuel — Salle du conseil",
        "1 échéance en retard, pas encore marquée comme faite.",
        "Source : Agglomération d'Agen.",
      ].join("\n"),
    );
    expect(os[0]?.ref).toBe("agen");
    expect(os[0]?.reply.blocks[0]).toEqual({
      type: "heading",
      text: "Les 14 prochains jours — Agglomération d'Agen",
    });
  });

  it("n'est pas envoyé quand il n'y a rien à dire", () => {
    const quiet = knowledge({
      actions: [action({ milestones: [milestone({ start: "2027-06-01", end: "2027-06-01" })] })],
    });
    const os = plan(
      { knowledge: quiet, from: utc("2026-11-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z") },
      ["digest"],
    );
    expect(os).toEqual([]);
  });

  it("suit le jour et l'heure de la politique, et peut être désactivé", () => {
    const window = { from: utc("2026-11-23T00:00:00Z"), to: utc("2026-11-30T00:00:00Z") };
    const friday = { ...DEFAULT_POLICY, digest: { weekday: 5, hour: 16 } };
    expect(schedule(plan({ knowledge: k, policy: friday, ...window }, ["digest"]))).toEqual({
      "digest:agen:2026-11-27:slack:C1": "2026-11-27T15:00:00.000Z",
    });
    const none = { ...DEFAULT_POLICY, digest: null };
    expect(plan({ knowledge: k, policy: none, ...window }, ["digest"])).toEqual([]);
  });
});
