import { beforeAll, describe, expect, it } from "vitest";
import { subjectFinder } from "../../../src/core/document-subjects.ts";
import { buildIndex } from "../../../src/core/qa/knowledge-index.ts";
import { clueWords, LEARNING, learnedFolder } from "../../../src/domain/filing/corrections.ts";
import type { FilingLexicon } from "../../../src/domain/filing/lexicon-schema.ts";
import { actionFromSubjects, eventsOfDay, findSubjectYear } from "../../../src/domain/filing/subject.ts";
import type { Correction, SubjectFinder } from "../../../src/domain/filing/types.ts";
import type { TerritoryKnowledge } from "../../../src/domain/knowledge.ts";
import { loadFilingLexicon } from "../../../src/filing/filing-lexicon.ts";
import { loadLexicon } from "../../../src/store/qa-lexicon.ts";
import { demoKnowledge } from "./plan-knowledge.ts";

let lexicon: FilingLexicon;
let agen: TerritoryKnowledge;
let agenSubjects: SubjectFinder;
beforeAll(async () => {
  lexicon = await loadFilingLexicon();
  agen = await demoKnowledge("agen");
  agenSubjects = subjectFinder(buildIndex(agen, await loadLexicon()));
});

const SPAN = { from: 2016, to: 2028 };
const year = (text: string, today = "2024-02-10") =>
  findSubjectYear(text, today, lexicon, SPAN)?.value ?? null;

describe("l'année dont parle un document", () => {
  it("une année écrite seule, la fin d'une période, une année relative au jour du dépôt", () => {
    expect(year("Bilan annuel CTG 2023")).toBe("2023");
    expect(year("Evaluation CTG 2018-2022")).toBe("2022");
    expect(year("le TDB de l'an dernier")).toBe("2023");
    expect(year("programme de l'année prochaine")).toBe("2025");
  });

  it("une année seule l'emporte sur une période (« CTG 2022-2026 » est le nom de la convention)", () => {
    expect(year("CTG 2022-2026 — bilan 2023")).toBe("2023");
  });

  it("l'année d'une date écrite, un nombre hors de la convention, rien : pas d'année du sujet", () => {
    expect(year("CR du COPIL du 12 mars 2024")).toBeNull();
    expect(year("réunion du 12/03/2024")).toBeNull();
    expect(year("2500 familles accompagnées")).toBeNull();
    expect(year("compte rendu")).toBeNull();
  });
});

describe("l'évènement du jour", () => {
  it("une photo prise le jour d'un évènement du plan le retrouve ; un autre jour, non", () => {
    const event = agen.events[0];
    if (event === undefined) throw new Error("le plan d'Agen a des évènements");
    const day = event.start.toISOString().slice(0, 10);
    expect(eventsOfDay(agen, day, "UTC").map((e) => e.key)).toContain(event.key);
    expect(eventsOfDay(agen, "1999-01-01", "UTC")).toEqual([]);
  });
});

describe("le sujet d'un document et les fiches du plan", () => {
  it("un tableau des tarifs des accueils de loisirs : la fiche sur l'harmonisation de l'offre ALSH", () => {
    const [best] = agenSubjects("Comparatif des tarifs ALSH 2023\nCommune | Structure | Journée | Repas");
    expect(best?.action).toBe("2");
    expect(best?.words).toContain("ALSH");
  });

  it("des villages de l'engagement citoyen : la fiche de l'engagement des jeunes", () => {
    expect(
      agenSubjects("Village engagement citoyen Pont-du-Casse/chantier jeunes - fresque.JPG")[0]?.action,
    ).toBe("5");
  });

  it("des mots que toutes les fiches ont (CTG, familles) ne désignent aucune fiche à coup sûr", () => {
    const read = actionFromSubjects(agenSubjects("pour info, document CTG familles"), () => "message");
    expect(read.action).toBeNull();
  });

  it("une fiche nettement en tête est proposée ; deux proches sont offertes au choix", () => {
    const m = (action: string, score: number) => ({ action, score, words: [action] });
    expect(actionFromSubjects([m("2", 12), m("11", 7)], () => "content").action?.value).toBe("2");
    const close = actionFromSubjects([m("11", 21), m("12", 20), m("13", 18), m("1", 3)], () => "content");
    expect(close.action).toBeNull();
    expect(close.choices.map((c) => c.value)).toEqual(["11", "12", "13"]);
    expect(actionFromSubjects([m("2", 2)], () => "content")).toEqual({ action: null, choices: [] });
  });
});

describe("apprendre des corrections", () => {
  const moved = (fileName: string, words: string[], folder: string): Correction => ({
    fileName,
    type: null,
    folder,
    words,
  });

  it("les mots d'un document : message, nom et titre, sans dates, nombres ni mots vides", () => {
    expect(
      clueWords("la lettre du RPE de mars", "Lettre info RPE 03-2024.pdf", "Lettre d'information\n..."),
    ).toEqual(["lettre", "rpe", "info", "information"]);
  });

  it("un document décrit par les mots d'un autre déplacé à la main va au même dossier", () => {
    const corrections = [
      moved("Lettre info RPE mars.pdf", ["lettre", "info", "rpe"], "02 Plan d'actions/Axe 1/Action 1"),
      moved("CR reunion directeurs.docx", ["reunion", "directeurs", "alsh"], "05 Communes/Boé"),
    ];
    const found = learnedFolder(["lettre", "info", "rpe", "avril"], corrections);
    expect(found?.folder).toBe("02 Plan d'actions/Axe 1/Action 1");
    expect(found?.confidence).toBe(LEARNING.base);
    expect(learnedFolder(["bilan", "annuel"], corrections)).toBeNull();
  });

  it("plus de corrections vont au même dossier, plus le bot en est sûr", () => {
    const twice = [
      moved("stats LAEP T1.xlsx", ["stats", "laep"], "02 Plan d'actions/Axe 1/Action 1"),
      moved("stats LAEP T2.xlsx", ["stats", "laep"], "02 Plan d'actions/Axe 1/Action 1"),
      moved("CR reunion directeurs.docx", ["reunion", "directeurs"], "05 Communes/Boé"),
    ];
    expect(learnedFolder(["stats", "laep"], twice)?.confidence).toBeCloseTo(LEARNING.base + LEARNING.step);
  });

  it("des mots partagés avec deux dossiers à égalité n'apprennent rien", () => {
    const split = [
      moved("a.pdf", ["planning", "permanences"], "05 Communes/Boé"),
      moved("b.pdf", ["planning", "permanences"], "05 Communes/Layrac"),
    ];
    expect(learnedFolder(["planning", "permanences"], split)).toBeNull();
  });
});
