import { describe, expect, it } from "vitest";
import { event, knowledge, plan, schedule, utc } from "./fixtures.ts";

const SOURCE = "Source : Agglomération d'Agen.";
const DECEMBER = { from: utc("2026-11-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z") };
const copil = event({ place: "Salle du conseil, Agen", description: "Bilan de l'année et évaluation" });

describe("rappels d'évènements", () => {
  it("rappelle 14 jours et 2 jours avant à 9 h, puis le matin même à 8 h", () => {
    const os = plan({ knowledge: knowledge({ events: [copil] }), ...DECEMBER }, ["event"]);
    expect(schedule(os)).toEqual({
      "event:2026-12-15:evaluation:slack:C1": "2026-11-15T08:00:00.000Z",
      "event:2026-12-15:J-14:slack:C1": "2026-12-01T08:00:00.000Z",
      "event:2026-12-15:J-2:slack:C1": "2026-12-13T08:00:00.000Z",
      "event:2026-12-15:J0:slack:C1": "2026-12-15T07:00:00.000Z",
    });
    expect(os.map((o) => o.text).slice(1)).toEqual([
      `Dans 14 jours, le mardi 15 décembre 2026 à 14 h : COPIL annuel — Salle du conseil, Agen. Description : Bilan de l'année et évaluation. ${SOURCE}`,
      `Dans 2 jours, le mardi 15 décembre 2026 à 14 h : COPIL annuel — Salle du conseil, Agen. ${SOURCE}`,
      `Aujourd'hui, le mardi 15 décembre 2026 à 14 h : COPIL annuel — Salle du conseil, Agen. ${SOURCE}`,
    ]);
    expect(os.every((o) => o.subjectAt?.toISOString() === "2026-12-15T13:00:00.000Z")).toBe(true);
  });

  it("donne le lieu et la description dans la réponse", () => {
    const os = plan({ knowledge: knowledge({ events: [copil] }), ...DECEMBER }, ["event"]);
    expect(os[1]?.reply.blocks).toEqual([
      { type: "heading", text: "Dans 14 jours — COPIL annuel" },
      {
        type: "text",
        text: "Dans 14 jours, le mardi 15 décembre 2026 à 14 h : COPIL annuel — Salle du conseil, Agen.",
      },
      {
        type: "fields",
        fields: [
          { label: "Date", value: "Mardi 15 décembre 2026 à 14 h" },
          { label: "Lieu", value: "Salle du conseil, Agen" },
          { label: "Description", value: "Bilan de l'année et évaluation" },
        ],
      },
      { type: "context", text: SOURCE },
    ]);
  });

  it("dit qu'un exemple de démonstration en est un, et qu'une date provisoire est à confirmer", () => {
    const demo = event({
      key: "jr-2026-06",
      kind: "journee_ressources",
      title: "Parentalité et numérique",
      start: utc("2026-06-11T22:00:00Z"),
      allDay: true,
      tentative: true,
      example: true,
    });
    const os = plan(
      {
        knowledge: knowledge({ events: [demo] }),
        from: utc("2026-06-10T00:00:00Z"),
        to: utc("2026-06-13T00:00:00Z"),
      },
      ["event"],
    );
    expect(schedule(os)).toEqual({
      "event:2026-06-12:J-2:slack:C1": "2026-06-10T07:00:00.000Z",
      "event:2026-06-12:J0:slack:C1": "2026-06-12T06:00:00.000Z",
    });
    expect(os[0]?.text).toBe(
      `Dans 2 jours, le vendredi 12 juin 2026 (date à confirmer) : Journée ressources « Parentalité et numérique ». Exemple de démonstration : ce n'est pas une date officielle. ${SOURCE}`,
    );
    expect(os[0]?.reply.blocks).toContainEqual({
      type: "text",
      text: "Exemple de démonstration : ce n'est pas une date officielle.",
    });
  });

  it("n'envoie pas le rappel du matin d'une réunion déjà commencée", () => {
    const early = event({ kind: "cotech", title: "COTECH", start: utc("2026-12-15T06:30:00Z") });
    const os = plan({ knowledge: knowledge({ events: [early] }), ...DECEMBER }, ["event"]);
    expect(os.map((o) => o.key)).toEqual(["event:2026-12-15:J-14:slack:C1", "event:2026-12-15:J-2:slack:C1"]);
  });

  it("distingue deux évènements du même jour : le premier garde la date pour référence", () => {
    const morning = event({ key: "gt-petite-enfance", kind: "groupe_de_travail", title: "Petite enfance" });
    const both = [copil, { ...morning, start: utc("2026-12-15T08:00:00Z") }];
    const os = plan(
      {
        knowledge: knowledge({ events: both }),
        from: utc("2026-12-13T00:00:00Z"),
        to: utc("2026-12-14T00:00:00Z"),
      },
      ["event"],
    );
    expect(os.map((o) => o.key)).toEqual([
      "event:2026-12-15:J-2:slack:C1",
      "event:2026-12-15~copil-2026-12:J-2:slack:C1",
    ]);
    expect(os[0]?.text).toContain("Groupe de travail « Petite enfance »");
  });
});

describe("évaluation annuelle avant le COPIL", () => {
  it("invite à préparer l'évaluation 30 jours avant chaque COPIL, et seulement avant un COPIL", () => {
    const cotech = event({
      key: "cotech-2026-12",
      kind: "cotech",
      title: "COTECH",
      start: utc("2026-12-10T09:00:00Z"),
    });
    const k = knowledge({
      events: [copil, cotech],
      instances: [
        {
          key: "copil",
          kind: "copil",
          name: "Comité de pilotage",
          role: "Valide le bilan annuel",
          composition: null,
          frequency: "annuelle",
          minPerYear: 1,
          secretariat: null,
          animation: null,
          source: null,
        },
      ],
    });
    const os = plan({ knowledge: k, from: utc("2026-11-01T00:00:00Z"), to: utc("2026-11-20T00:00:00Z") }, [
      "event",
    ]);
    expect(schedule(os)).toEqual({ "event:2026-12-15:evaluation:slack:C1": "2026-11-15T08:00:00.000Z" });
    expect(os[0]?.text).toBe(
      `Dans 30 jours, le mardi 15 décembre 2026 à 14 h : COPIL annuel. Préparez l'évaluation annuelle de la CTG (bilan des actions et des indicateurs) à présenter au comité de pilotage. ${SOURCE}`,
    );
    expect(os[0]?.reply.blocks).toContainEqual({
      type: "fields",
      fields: [
        { label: "Lieu", value: "Salle du conseil, Agen" },
        { label: "Rôle du COPIL", value: "Valide le bilan annuel" },
      ],
    });
  });
});
