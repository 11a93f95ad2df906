import exifr from "exifr";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { writeRealFile } from "../../../bench/lib/real-files.ts";
import { type Log, withLog } from "../../../src/core/log.ts";
import { exifTakenAt } from "../../../src/filing/exif.ts";
import { extractFirstPage, readDocument } from "../../../src/filing/extract-text.ts";

/** Files written by independent libraries (pdf-lib, docx, exceljs, pptxgenjs, jpeg-js) or per ODF. */
const read = async (name: string, content: Parameters<typeof writeRealFile>[1]) =>
  readDocument(await writeRealFile(name, content), name);

describe("ce que le bot lit dans un fichier déposé", () => {
  it("PDF : la première page seulement", async () => {
    const r = await read("scan0042.pdf", {
      pages: [["Compte rendu du comité technique", "du 5 mars 2024"], ["Page 2 : rien à lire ici"]],
    });
    expect(r.text).toContain("Compte rendu du comité technique");
    expect(r.text).toContain("5 mars 2024");
    expect(r.text).not.toContain("Page 2");
    expect(r.takenAt).toBeNull();
  });

  it("DOCX sans titre et ODT : les premières lignes", async () => {
    expect((await read("Document1.docx", { paragraphes: ["Ordre du jour", "COPIL du 12 mars"] })).text).toBe(
      "Ordre du jour\nCOPIL du 12 mars",
    );
    expect((await read("doc.odt", { paragraphes: ["Relevé de décisions", "Cotech"] })).text).toBe(
      "Relevé de décisions\nCotech",
    );
  });

  it("XLSX (exceljs) et ODS : noms des feuilles et premières lignes, cellules séparées par « | »", async () => {
    const sheets = [
      {
        nom: "Tarifs ALSH 2024",
        lignes: [
          ["Commune", "QF < 600"],
          ["Boé", 6.5],
        ],
      },
      { nom: "Écarts", lignes: [["Moyenne", 7.2]] },
    ];
    for (const name of ["tarifs.xlsx", "tarifs.ods"]) {
      const { text } = await read(name, { feuilles: sheets });
      expect(text?.split("\n")).toEqual([
        "Tarifs ALSH 2024",
        "Commune | QF < 600",
        "Boé | 6.5",
        "Écarts",
        "Moyenne | 7.2",
      ]);
    }
  });

  it("PPTX (pptxgenjs) et ODP : les titres et le texte des premières diapositives, dans l'ordre", async () => {
    const slides = [
      { titre: "Job dating petite enfance", texte: ["Métiers de la crèche"] },
      { titre: "Programme", texte: ["Stands", "Entretiens"] },
    ];
    for (const name of ["Présentation1.pptx", "diapo.odp"]) {
      const { text } = await read(name, { diapos: slides });
      expect(text?.split("\n")).toEqual([
        "Job dating petite enfance",
        "Métiers de la crèche",
        "Programme",
        "Stands",
        "Entretiens",
      ]);
    }
  });

  it("ZIP : les noms de ce qu'il contient, sans rien extraire", async () => {
    const { text } = await read("photos fete.zip", {
      fichiers: ["Fête des familles/IMG_0412.JPG", "programme.pdf"],
    });
    expect(text).toBe("Fête des familles/IMG_0412.JPG\nprogramme.pdf");
  });

  it("JPEG : la date de prise de vue (EXIF), la même que lit exifr ; rien sans EXIF", async () => {
    const bytes = await writeRealFile("IMG_20240615_143210.jpg", { exif: { date: "2024-06-15T14:32" } });
    expect(exifTakenAt(bytes)).toBe("2024-06-15T14:32");
    const parsed = await exifr.parse(Buffer.from(bytes), ["DateTimeOriginal"]);
    expect(parsed?.DateTimeOriginal).toBeInstanceOf(Date);
    expect((await read("IMG_0001.jpg", undefined)).takenAt).toBeNull();
  });

  it("JPEG d'un appareil Intel (petit-boutiste), avec DateTime seulement : lu aussi", () => {
    expect(exifTakenAt(littleEndianJpeg("2023:09:23 15:12:07"))).toBe("2023-09-23T15:12");
    expect(exifTakenAt(littleEndianJpeg("0000:00:00 00:00:00"))).toBeNull();
  });

  it("un fichier abîmé ou d'un autre format ne fait jamais échouer la lecture", async () => {
    const junk = strToU8("ceci n'est pas un fichier");
    for (const name of ["a.pdf", "a.docx", "a.xlsx", "a.ods", "a.pptx", "a.odp", "a.zip", "a.jpg", "a.exe"]) {
      const r = await readDocument(junk, name);
      expect(r).toEqual({ text: null, takenAt: null });
    }
    // A zip that is not an OpenDocument: no content.xml.
    expect((await readDocument(zipSync({ "x.txt": strToU8("x") }), "a.ods")).text).toBeNull();
    // A JPEG cut in the middle of its Exif segment.
    const photo = await writeRealFile("p.jpg", { exif: { date: "2024-06-15T14:32" } });
    expect(exifTakenAt(photo.subarray(0, 30))).toBeNull();
  });
});

/** SOI, then APP1 "Exif\0\0" with an "II" TIFF whose IFD0 holds DateTime (0x0132) only, then EOI. */
function littleEndianJpeg(stamp: string): Uint8Array {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4 + 20);
  tiff.write("II", 0, "ascii");
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x0132, 10);
  tiff.writeUInt16LE(2, 12);
  tiff.writeUInt32LE(20, 14);
  tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  tiff.write(`${stamp}\0`, 26, "ascii");
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "binary"), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return new Uint8Array(
    Buffer.concat([Buffer.from([0xff, 0xd8]), header, payload, Buffer.from([0xff, 0xd9])]),
  );
}

describe("a reader that fails says so in the log", () => {
  it("a corrupt file is logged at debug level; an error of the code itself at error level", async () => {
    const lines: { level: string; message: string; fields: object }[] = [];
    const record =
      (level: string) =>
      (fields: object, message: string): void => {
        lines.push({ level, message, fields });
      };
    const log: Log = {
      error: record("error"),
      warn: record("warn"),
      info: record("info"),
      debug: record("debug"),
      child: () => log,
    };
    await withLog(log, async () => {
      expect(await extractFirstPage(strToU8("pas un zip"), "a.docx")).toBeNull();
      expect(await extractFirstPage(undefined as unknown as Uint8Array, "a.docx")).toBeNull();
    });
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ["debug", "document unreadable"],
      ["error", "document reader failed"],
    ]);
    expect(JSON.stringify(lines)).not.toContain("pas un zip");
  });
});
