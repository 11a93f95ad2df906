import { describe, expect, it } from "vitest";
import { action, knowledge, milestone, plan, schedule, utc } from "./fixtures.ts";

const SOURCE = "Source : Agglomération d'Agen, fiche action 11.";

describe("rappels d'échéances au jour près", () => {
  const k = knowledge({ actions: [action()] });

  it("rappelle une échéance 30 jours, 7 jours avant et le jour même, à 9 h", () => {
    const os = plan({ knowledge: k, from: utc("2024-01-01T00:00:00Z"), to: utc("2024-04-01T00:00:00Z") }, [
      "milestone",
    ]);
    expect(schedule(os)).toEqual({
      "milestone:11@2024-03-26:J-30:slack:C1": "2024-02-25T08:00:00.000Z",
      "milestone:11@2024-03-26:J-7:slack:C1": "2024-03-19T08:00:00.000Z",
      "milestone:11@2024-03-26:J0:slack:C1": "2024-03-26T08:00:00.000Z",
    });
    expect(os.map((o) => o.text).slice(1, 3)).toEqual([
      `Échéance dans 7 jours, le mardi 26 mars 2024 : lancement des groupes de travail — action 11 « Développer l'accueil des jeunes enfants ». ${SOURCE}`,
      `Échéance aujourd'hui, le mardi 26 mars 2024 : lancement des groupes de travail — action 11 « Développer l'accueil des jeunes enfants ». ${SOURCE}`,
    ]);
  });

  it("propose « fait » et « reporter » avec les commandes exactes du module rappel", () => {
    const [j7] = plan({ knowledge: k, from: utc("2024-03-19T00:00:00Z"), to: utc("2024-03-20T00:00:00Z") }, [
      "milestone",
    ]);
    expect(j7?.kind).toBe("milestone");
    expect(j7?.ref).toBe("11@2024-03-26");
    expect(j7?.subjectAt).toEqual(utc("2024-03-26T23:00:00.000Z"));
    expect(j7?.reply.blocks).toEqual([
      { type: "heading", text: "Échéance dans 7 jours — action 11" },
      {
        type: "text",
        text: "Échéance dans 7 jours, le mardi 26 mars 2024 : lancement des groupes de travail — action 11 « Développer l'accueil des jeunes enfants ».",
      },
      {
        type: "fields",
        fields: [
          { label: "Action", value: "11 — Développer l'accueil des jeunes enfants" },
          { label: "Échéance", value: "mardi 26 mars 2024" },
          { label: "Pilote", value: "Service petite enfance" },
          { label: "Échéancier", value: "26 mars 2024 : lancement des groupes de travail" },
        ],
      },
      {
        type: "choices",
        prompt: "Où en est cette échéance ?",
        choices: [
          { label: "C'est fait", command: "rappel fait 11@2024-03-26" },
          { label: "Reporter (+7 jours)", command: "rappel reporter 11@2024-03-26 +7" },
        ],
        date: { label: "Reporter au…", command: "rappel reporter 11@2024-03-26 au {date}" },
      },
      { type: "context", text: "Pour une autre date : « rappel reporter 11@2024-03-26 au JJ/MM/AAAA »." },
      { type: "context", text: SOURCE },
    ]);
  });

  it("ne rappelle rien pour une échéance faite, illisible ou d'une action réalisée ou abandonnée", () => {
    const window = { from: utc("2024-01-01T00:00:00Z"), to: utc("2024-12-31T00:00:00Z") };
    const cases = [
      action({ milestones: [milestone({ done: true })] }),
      action({ milestones: [milestone({ confidence: 0, start: null, end: null, precision: null })] }),
      action({ status: "realisee" }),
      action({ status: "abandonnee" }),
    ];
    for (const a of cases) expect(plan({ knowledge: knowledge({ actions: [a] }), ...window })).toEqual([]);
  });
});

describe("rappels d'échéances sur une période", () => {
  const quarter = action({
    number: "3",
    title: "Soutenir la parentalité",
    milestones: [
      milestone({
        label: "diagnostic partagé",
        start: "2026-04-01",
        end: "2026-06-30",
        precision: "quarter",
      }),
    ],
  });

  it("prévient au début de la période et un mois avant sa fin", () => {
    const os = plan(
      {
        knowledge: knowledge({ actions: [quarter] }),
        from: utc("2026-01-01T00:00:00Z"),
        to: utc("2026-07-01T00:00:00Z"),
      },
      ["milestone"],
    );
    expect(schedule(os)).toEqual({
      "milestone:3@2026-04-01:debut:slack:C1": "2026-04-01T07:00:00.000Z",
      "milestone:3@2026-04-01:fin-M1:slack:C1": "2026-05-30T07:00:00.000Z",
    });
    expect(os.map((o) => o.text)).toEqual([
      "Début de la période « 2e trimestre 2026 » : diagnostic partagé — action 3 « Soutenir la parentalité ». Fin prévue le mardi 30 juin 2026. Source : Agglomération d'Agen, fiche action 3.",
      "Échéance dans 31 jours, le mardi 30 juin 2026 (2e trimestre 2026) : diagnostic partagé — action 3 « Soutenir la parentalité ». Source : Agglomération d'Agen, fiche action 3.",
    ]);
  });

  it("ne prévient pas « un mois avant la fin » d'une échéance d'un seul mois : ce serait avant son début", () => {
    const month = action({
      milestones: [milestone({ start: "2026-03-01", end: "2026-03-31", precision: "month" })],
    });
    const os = plan(
      {
        knowledge: knowledge({ actions: [month] }),
        from: utc("2026-01-01T00:00:00Z"),
        to: utc("2026-04-01T00:00:00Z"),
      },
      ["milestone"],
    );
    expect(schedule(os)).toEqual({ "milestone:11@2026-03-01:debut:slack:C1": "2026-03-01T08:00:00.000Z" });
  });

  it("ne rappelle pas un début de période passé : seules les dates de la fenêtre comptent", () => {
    const os = plan(
      {
        knowledge: knowledge({ actions: [quarter] }),
        from: utc("2026-04-02T00:00:00Z"),
        to: utc("2026-05-01T00:00:00Z"),
      },
      ["milestone"],
    );
    expect(os).toEqual([]);
  });
});

describe("échéance reportée (« reporter au »)", () => {
  const k = knowledge({
    actions: [action({ milestones: [milestone({ start: "2026-06-30", end: "2026-06-30" })] })],
  });
  const postponed = new Map([["11@2026-06-30", "2026-09-30"]]);
  // The scheduler plans a few days ahead; on 30 May the J-30 of 31 May is planned, not yet sent.
  const soon = { from: utc("2026-05-30T00:00:00Z"), to: utc("2026-06-06T00:00:00Z") };

  it("un rappel pas encore dû de l'ancienne date disparaît ; les suivants suivent la nouvelle date", () => {
    const before = plan({ knowledge: k, ...soon }, ["milestone"]);
    expect(schedule(before)).toEqual({ "milestone:11@2026-06-30:J-30:slack:C1": "2026-05-31T07:00:00.000Z" });
    // On 30 May the milestone is moved to 30 September: the pending J-30 is no longer planned.
    const after = plan({ knowledge: k, postponed, ...soon }, ["milestone"]);
    expect(after.map((o) => o.key)).not.toContain("milestone:11@2026-06-30:J-30:slack:C1");
    expect(after).toEqual([]);
    const later = plan({ knowledge: k, postponed, from: soon.from, to: utc("2026-12-01T00:00:00Z") }, [
      "milestone",
    ]);
    expect(schedule(later)).toEqual({
      "milestone:11@2026-06-30:J-30:slack:C1": "2026-08-31T07:00:00.000Z",
      "milestone:11@2026-06-30:J-7:slack:C1": "2026-09-23T07:00:00.000Z",
      "milestone:11@2026-06-30:J0:slack:C1": "2026-09-30T07:00:00.000Z",
    });
    expect(later[1]?.text).toBe(
      "Échéance dans 7 jours, le mercredi 30 septembre 2026 : lancement des groupes de travail — action 11 « Développer l'accueil des jeunes enfants ». Date reportée : prévue initialement le 30 juin 2026. Source : Agglomération d'Agen, fiche action 11.",
    );
    expect(later[1]?.reply.blocks).toContainEqual({
      type: "fields",
      fields: [
        { label: "Action", value: "11 — Développer l'accueil des jeunes enfants" },
        { label: "Échéance", value: "mercredi 30 septembre 2026" },
        { label: "Prévue initialement", value: "mardi 30 juin 2026" },
        { label: "Pilote", value: "Service petite enfance" },
        { label: "Échéancier", value: "26 mars 2024 : lancement des groupes de travail" },
      ],
    });
  });

  it("garde la clé de chaque étape : l'outbox n'envoie pas deux fois un rappel déjà parti", () => {
    const year = { from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z") };
    const keys = (p?: Map<string, string>) =>
      plan({ knowledge: k, ...year, ...(p ? { postponed: p } : {}) }, ["milestone"]).map((o) => o.key);
    expect(keys(postponed)).toEqual(keys());
  });
});
