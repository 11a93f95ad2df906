import { describe, expect, it } from "vitest";
import { findDocumentType, typeFromExtension } from "../../../src/domain/filing/doc-type.ts";
import type { DocumentType } from "../../../src/domain/filing/types.ts";
import { loadFilingLexicon } from "../../../src/filing/filing-lexicon.ts";

// The words are data (prisma/filing/lexicon.yaml): these tests read the file the bot reads.
const { types: cues } = await loadFilingLexicon();

const type = (text: string, source: "message" | "filename" | "content" = "message") =>
  findDocumentType(text, source, cues)?.value ?? null;

describe("type de document", () => {
  const cases: [string, DocumentType][] = [
    ["CR du COPIL d'hier", "compte-rendu"],
    ["compte-rendu réunion", "compte-rendu"],
    ["PV copil", "compte-rendu"],
    ["procès-verbal du comité", "compte-rendu"],
    ["voici l'ODJ du cotech", "ordre-du-jour"],
    ["ordre du jour", "ordre-du-jour"],
    ["relevé de décisions du copil", "releve-de-decisions"],
    ["fiche action 2.3 MAJ", "fiche-action"],
    ["FA2.3_acces_aux_droits", "fiche-action"],
    ["fiche n°11", "fiche-action"],
    ["le diag partagé", "diagnostic"],
    ["état des lieux petite enfance", "diagnostic"],
    ["bilan annuel", "bilan"],
    ["rapport d'activité 2024", "bilan"],
    ["avenant n°1", "convention"],
    ["charte de partenariat", "convention"],
    ["délib Boé", "deliberation"],
    ["diaporama journée ressources", "presentation"],
    ["diapo JR", "presentation"],
    ["feuille d'émargement", "feuille-emargement"],
    ["liste de présence", "feuille-emargement"],
    ["TDB de suivi", "tableau-de-bord"],
    ["tableau de bord CTG", "tableau-de-bord"],
    ["convocation copil", "invitation"],
    ["invitation au copil", "invitation"],
  ];
  it.each(cases)("« %s » → %s", (text, expected) => {
    expect(type(text)).toBe(expected);
  });

  it("le nom écrit en premier est le document : « bilan de la fiche 2.4 », « tableau de suivi de la fiche 1.1 »", () => {
    expect(type("bilan de la fiche action 2.4")).toBe("bilan");
    expect(type("tableau de suivi des indicateurs de la fiche 1.1")).toBe("tableau-de-bord");
    expect(type("le diaporama présenté au copil")).toBe("presentation");
  });

  it("« fiche » seul ne cache pas un mot plus clair", () => {
    expect(type("fiche d'émargement")).toBe("feuille-emargement");
    expect(findDocumentType("fiche CLAS", "message", cues)?.confidence).toBeLessThan(0.6);
  });

  it("en première page, « Convention territoriale globale » est le nom de la CTG, pas le document", () => {
    expect(type("Convention Territoriale Globale\nORDRE DU JOUR\n1. Introduction", "content")).toBe(
      "ordre-du-jour",
    );
    expect(findDocumentType("Convention Territoriale Globale", "content", cues)?.confidence).toBeLessThan(
      0.5,
    );
  });

  it("une présentation se devine à son extension, faiblement", () => {
    expect(typeFromExtension("pptx")?.value).toBe("presentation");
    expect(typeFromExtension("pdf")).toBeNull();
  });

  it("rien de reconnaissable → rien", () => {
    expect(type("photo de la signature")).toBeNull();
    expect(type("pour info")).toBeNull();
  });
});
