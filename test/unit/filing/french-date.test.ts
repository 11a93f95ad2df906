import { describe, expect, it } from "vitest";
import { type DateContext, findDate } from "../../../src/domain/filing/french-date.ts";

const past = (today: string): DateContext => ({ today, prefer: "past" });
const future = (today: string): DateContext => ({ today, prefer: "future" });
const read = (text: string, ctx: DateContext) => findDate(text, ctx)?.value ?? null;

describe("dates relatives au jour du message", () => {
  it("« hier » et « avant-hier » passent les fins de mois et d'année", () => {
    expect(read("CR du COPIL d'hier", past("2024-03-01"))).toBe("2024-02-29");
    expect(read("CR du COPIL d'hier", past("2025-01-01"))).toBe("2024-12-31");
    expect(read("ODJ d'avant-hier", past("2024-03-01"))).toBe("2024-02-28");
    expect(read("avant hier", past("2024-01-02"))).toBe("2023-12-31");
  });

  it("« aujourd'hui », « ce matin », « demain »", () => {
    expect(read("CR de la réunion d'aujourd'hui", past("2024-03-12"))).toBe("2024-03-12");
    expect(read("notes de ce matin", past("2024-03-12"))).toBe("2024-03-12");
    expect(read("ODJ du cotech de demain", future("2024-12-31"))).toBe("2025-01-01");
  });

  it("« mardi dernier » est le mardi d'avant, même un mardi", () => {
    expect(read("CR de mardi dernier", past("2024-11-28"))).toBe("2024-11-26");
    expect(read("CR de mardi dernier", past("2024-11-26"))).toBe("2024-11-19");
  });

  it("un jour de la semaine seul : passé pour un compte rendu, à venir pour un ordre du jour", () => {
    expect(read("CR du copil de lundi", past("2024-06-20"))).toBe("2024-06-17");
    expect(read("voici l'ODJ du cotech de jeudi", future("2024-03-11"))).toBe("2024-03-14");
    expect(read("jeudi prochain", past("2024-03-14"))).toBe("2024-03-21");
  });
});

describe("dates écrites", () => {
  it("« du 12/03 » : l'occurrence passée la plus récente pour un compte rendu", () => {
    expect(read("CR du copil du 12/03", past("2025-03-13"))).toBe("2025-03-12");
    expect(read("CR du copil du 12/03", past("2025-02-01"))).toBe("2024-03-12");
  });

  it("« du 12/03 » : l'occurrence prochaine pour un ordre du jour ou une invitation", () => {
    expect(read("ODJ du copil du 12/03", future("2025-02-01"))).toBe("2025-03-12");
    expect(read("invitation au copil du 15 décembre", future("2026-11-20"))).toBe("2026-12-15");
  });

  it("jour, mois et année en chiffres ou en lettres", () => {
    expect(read("12/03/2024", past("2025-01-01"))).toBe("2024-03-12");
    expect(read("CR 13-12-2019", past("2025-01-01"))).toBe("2019-12-13");
    expect(read("émargement 12.03.24", past("2025-01-01"))).toBe("2024-03-12");
    expect(read("12 mars 2024", past("2025-01-01"))).toBe("2024-03-12");
    expect(read("1er février 2024", past("2025-01-01"))).toBe("2024-02-01");
    expect(read("convocation copil jeudi 14 mars", future("2024-03-04"))).toBe("2024-03-14");
    expect(read("réunion du 3 sept. 2023", past("2025-01-01"))).toBe("2023-09-03");
  });

  it("« mars 2024 » donne le premier du mois, avec moins d'assurance", () => {
    const hit = findDate("bilan de mars 2024", past("2025-01-01"));
    expect(hit?.value).toBe("2024-03-01");
    expect(hit?.confidence).toBeLessThan(0.6);
  });

  it("les dates ISO et compactes des noms de fichiers", () => {
    expect(read("CR_COPIL_2024-03-12", past("2025-01-01"))).toBe("2024-03-12");
    expect(read("CR_cellule_suivi_20240315", past("2025-01-01"))).toBe("2024-03-15");
    expect(read("Presentation_copil_15122026", past("2027-01-01"))).toBe("2026-12-15");
    expect(read("CR GT 2024 03 05", past("2025-01-01"))).toBe("2024-03-05");
  });

  it("les numéros d'actions et les périodes ne sont pas des dates", () => {
    expect(read("fiche-action-1-5-brigade", past("2024-02-10"))).toBeNull();
    expect(read("FA 2.3 MAJ", past("2024-02-10"))).toBeNull();
    expect(read("FA 11-12", past("2024-02-10"))).toBeNull();
    expect(read("convention CTG 2022-2026 signée", past("2024-02-10"))).toBeNull();
    expect(read("31/02/2024", past("2024-05-01"))).toBeNull();
  });

  it("la première date écrite l'emporte", () => {
    expect(read("CR du copil du 12/03, envoyé hier", past("2024-03-20"))).toBe("2024-03-12");
  });
});

describe("dates écrites en toutes lettres : la grammaire de l'échéancier", () => {
  it("jour, mois et année, avec ou sans jour de la semaine ni année", () => {
    expect(read("CR COPIL mardi 12 mars 2024", past("2024-06-01"))).toBe("2024-03-12");
    expect(read("réunion du 1er mars", past("2024-03-20"))).toBe("2024-03-01");
    expect(read("Compte rendu du premier octobre 2023", past("2024-03-20"))).toBe("2023-10-01");
    expect(read("ODJ du 3 janvier", future("2024-12-20"))).toBe("2025-01-03");
  });

  it("« mars 2024 » est le premier du mois, moins sûr ; une abréviation seule n'est pas un mois", () => {
    const month = findDate("Bilan de mars 2024", past("2024-06-01"));
    expect(month?.value).toBe("2024-03-01");
    expect(month?.confidence).toBeLessThan(0.6);
    expect(read("dossier mar 2024", past("2024-06-01"))).toBeNull();
    expect(read("12mars", past("2024-06-01"))).toBeNull();
  });
});
