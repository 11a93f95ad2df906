import { readFile } from "node:fs/promises";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { extractFirstPage } from "../../../src/filing/extract-text.ts";

const fixture = async (name: string) =>
  new Uint8Array(await readFile(new URL(`../../fixtures/filing/${name}`, import.meta.url)));

describe("texte de la première page", () => {
  it("PDF : la première page seulement, accents compris", async () => {
    const text = await extractFirstPage(await fixture("cr-copil.pdf"), "cr-copil.pdf");
    expect(text).toContain("COMPTE RENDU");
    expect(text).toContain("Comité de pilotage CTG du 12 mars 2024");
    expect(text).not.toContain("Page 2");
  });

  it("DOCX : paragraphes en lignes, entités décodées, arrêt au saut de page", async () => {
    const text = await extractFirstPage(await fixture("fiche-action.docx"), "Fiche action.DOCX");
    expect(text).toBe(
      "FICHE ACTION N° 2.3\nAméliorer l'information, l'accès aux droits & aux services\nPilote : GMVA",
    );
  });

  it("ODT : titres, paragraphes, espaces et tabulations", async () => {
    const text = await extractFirstPage(await fixture("odj-cotech.odt"), "odj-cotech.odt");
    expect(text).toBe("ORDRE DU JOUR\nComité technique du jeudi 14 mars 2024\n1. Bilan des fiches actions");
  });

  it("texte brut et Markdown", async () => {
    expect(await extractFirstPage(await fixture("notes.txt"), "notes.txt")).toBe(
      "Notes de la réunion du groupe de travail jeunesse\nBoé, le 5 avril 2024",
    );
    expect(await extractFirstPage(strToU8("\uFEFF# CR COPIL\n\n\n\nPoints"), "cr.md")).toBe(
      "# CR COPIL\n\nPoints",
    );
  });

  it("au plus ~3000 caractères", async () => {
    const long = zipSync({ "word/document.xml": strToU8(`<w:p><w:t>${"mot ".repeat(5000)}</w:t></w:p>`) });
    const text = await extractFirstPage(long, "long.docx");
    expect(text?.length).toBeLessThanOrEqual(3000);
  });

  it("fichier corrompu, vide ou d'un autre type : null, jamais d'exception", async () => {
    expect(await extractFirstPage(await fixture("corrupt.pdf"), "corrupt.pdf")).toBeNull();
    expect(await extractFirstPage(await fixture("corrupt.docx"), "corrupt.docx")).toBeNull();
    expect(await extractFirstPage(new Uint8Array(), "vide.pdf")).toBeNull();
    expect(await extractFirstPage(new Uint8Array(), "vide.odt")).toBeNull();
    expect(
      await extractFirstPage(zipSync({ "autre.xml": strToU8("<a/>") }), "sans-document.docx"),
    ).toBeNull();
    expect(await extractFirstPage(await fixture("cr-copil.pdf"), "photo.png")).toBeNull();
    expect(await extractFirstPage(Uint8Array.from([0x50, 0x00, 0x01]), "binaire.txt")).toBeNull();
    expect(await extractFirstPage(await fixture("cr-copil.pdf"), "sans-extension")).toBeNull();
  });
});
