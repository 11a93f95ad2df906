import { describe, expect, it } from "vitest";
import { checkFileName, safeSegment, withSuffix } from "../../../src/domain/filing/names.ts";

const refused = (name: string) => {
  const r = checkFileName(name);
  return r.ok ? null : r.reason;
};

describe("noms donnés par les utilisateurs", () => {
  it("un nom ordinaire passe, en forme NFC", () => {
    expect(checkFileName("2024-03-12 - Compte rendu - COPIL.pdf")).toEqual({
      ok: true,
      name: "2024-03-12 - Compte rendu - COPIL.pdf",
    });
    expect(checkFileName("De\u0301libe\u0301ration.pdf")).toEqual({ ok: true, name: "Délibération.pdf" });
  });

  it.each([
    ["", "vide"],
    ["   ", "vide"],
    [".", "n'est pas un nom"],
    ["..", "n'est pas un nom"],
    ["../secret.pdf", "../"],
    ["a/../b.pdf", "../"],
    ["..\\b.pdf", "../"],
    ["03 Instances/COPIL.pdf", "/"],
    ["dossier\\fichier.pdf", "/"],
    ["CR : COPIL.pdf", "« : »"],
    ["CR*.pdf", "« * »"],
    ["CR?.pdf", "« ? »"],
    ['CR "copil".pdf', '« " »'],
    ["CR <copil>.pdf", "« < »"],
    ["CR |copil.pdf", "« | »"],
    ["CR\ncopil.pdf", "invisible"],
    ["CR\u0000.pdf", "invisible"],
    ["CR\u007f.pdf", "invisible"],
    [".htaccess", "commencer par un point"],
    [".cache.pdf", "commencer par un point"],
    [" CR.pdf", "commencer par une espace"],
    ["CR.pdf ", "finir par une espace"],
    ["CR.", "finir par une espace ou un point"],
    ["CON.pdf", "réservé par Windows"],
    ["fichier.part", ".part"],
    [`${"é".repeat(126)}.pdf`, "trop long"],
  ])("« %s » est refusé (%s)", (name, why) => {
    expect(refused(name)).toContain(why);
  });

  it("250 octets UTF-8 passent, 251 non", () => {
    expect(checkFileName(`${"a".repeat(246)}.pdf`).ok).toBe(true);
    expect(refused(`${"a".repeat(247)}.pdf`)).toContain("251 octets");
  });
});

describe("noms générés", () => {
  it("remplace les caractères réservés et resserre les espaces", () => {
    expect(safeSegment("Relevé 12/03 : COPIL")).toBe("Relevé 12-03 - COPIL");
    expect(safeSegment('Groupe "jeunesse" <2024>?')).toBe("Groupe jeunesse 2024");
    expect(safeSegment("  Action   2.3\t- titre  ")).toBe("Action 2.3 - titre");
    expect(safeSegment("..cachée. ")).toBe("cachée");
    expect(safeSegment("a\\b|c")).toBe("a-b-c");
    expect(safeSegment("CON")).toBe("CON_");
    expect(safeSegment("")).toBe("Sans titre");
  });

  it("coupe à 250 octets en gardant l'extension", () => {
    const long = `${"Compte rendu du comité ".repeat(20)}.pdf`;
    const safe = safeSegment(long);
    expect(Buffer.byteLength(safe, "utf8")).toBeLessThanOrEqual(250);
    expect(safe.endsWith(".pdf")).toBe(true);
    expect(checkFileName(safe).ok).toBe(true);
  });

  it("numérote un nom déjà pris", () => {
    expect(withSuffix("2024-03-12 - Compte rendu - COPIL.pdf", 2)).toBe(
      "2024-03-12 - Compte rendu - COPIL (2).pdf",
    );
    expect(withSuffix("notes (2).txt", 3)).toBe("notes (3).txt");
    expect(withSuffix("LISEZMOI", 2)).toBe("LISEZMOI (2)");
    const long = withSuffix(`${"é".repeat(123)}.pdf`, 12);
    expect(Buffer.byteLength(long, "utf8")).toBeLessThanOrEqual(250);
    expect(long.endsWith(" (12).pdf")).toBe(true);
  });
});
