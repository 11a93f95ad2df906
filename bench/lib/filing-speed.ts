/**
 * How long the bot takes to read and place a large document, and the memory it takes: a 50-page
 * PDF (text on every page, as a scanned-then-OCRed report), an XLSX of 5,000 rows, a ZIP of 500
 * photos. Only the first page, the first rows, the names are read. Figures only: the targets
 * (issue 17: < 150 ms, RSS + < 50 MB for the PDF) are read off the output, not asserted.
 */
import { strToU8, zipSync } from "fflate";
import { subjectFinder } from "../../src/core/document-subjects.ts";
import { buildIndex } from "../../src/core/qa/knowledge-index.ts";
import { classifyDocument } from "../../src/domain/filing/classify.ts";
import { chooseDestination } from "../../src/domain/filing/rules.ts";
import { readDocument } from "../../src/filing/extract-text.ts";
import { loadFilingLexicon } from "../../src/filing/filing-lexicon.ts";
import { loadFilingRules } from "../../src/filing/rules-file.ts";
import { loadLexicon } from "../../src/store/qa-lexicon.ts";
import { demoKnowledge } from "../../test/unit/filing/plan-knowledge.ts";

const RUNS = 30;

async function fiftyPagePdf(): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts } = await import("pdf-lib");
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < 50; p++) {
    const page = doc.addPage([595, 842]);
    const lines =
      p === 0
        ? ["Bilan annuel 2023 de la Convention Territoriale Globale", "Harmonisation de l'offre ALSH"]
        : Array.from(
            { length: 40 },
            (_, i) => `Page ${p + 1}, ligne ${i + 1} : accueils de loisirs, tarifs, communes.`,
          );
    lines.forEach((line, i) => {
      page.drawText(line, { x: 50, y: 800 - i * 19, size: 10, font });
    });
  }
  return doc.save();
}

async function bigXlsx(): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Fréquentation ALSH 2024");
  sheet.addRow(["Commune", "Structure", "Jours", "Enfants"]);
  for (let i = 0; i < 5000; i++) sheet.addRow([`Commune ${i % 44}`, `ALSH ${i}`, i % 30, i % 90]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function photoZip(): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 500; i++)
    files[`Fête des familles/IMG_${String(i).padStart(4, "0")}.JPG`] = new Uint8Array(20_000);
  return zipSync(files, { level: 0 });
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

export async function runSpeedBench(): Promise<{ lines: string[] }> {
  const knowledge = await demoKnowledge("agen");
  const [rules, lexicon, qaLexicon] = await Promise.all([
    loadFilingRules(),
    loadFilingLexicon(),
    loadLexicon(),
  ]);
  const subjects = subjectFinder(buildIndex(knowledge, qaLexicon));
  const files: [string, Uint8Array][] = [
    ["rapport 50 pages.pdf", await fiftyPagePdf()],
    ["frequentation.xlsx", await bigXlsx()],
    ["photos.zip", photoZip()],
    ["notes.txt", strToU8("Compte rendu du comité technique du 5 mars 2024\n")],
  ];
  const lines = [`Filing speed — read + classify + choose the folder, ${RUNS} runs each (Agen's plan)`];
  for (const [name, bytes] of files) {
    const place = async () => {
      const reading = await readDocument(bytes, name);
      const classification = classifyDocument({
        knowledge,
        fileName: name,
        message: "",
        firstPage: reading.text,
        takenAt: reading.takenAt,
        subjects,
        lexicon,
        postedAt: new Date("2024-02-10T10:00:00Z"),
        zone: "Europe/Paris",
      });
      return chooseDestination({ classification, knowledge, rules, originalName: name });
    };
    await place(); // warm: code paths compiled, pdf.js loaded
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const times: number[] = [];
    let folder = "";
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      folder = (await place()).path;
      times.push(performance.now() - start);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    lines.push(
      `${name} (${(bytes.length / 1024 / 1024).toFixed(1)} MB): median ${quantile(times, 0.5).toFixed(1)} ms · p95 ${quantile(times, 0.95).toFixed(1)} ms · RSS +${((rssPeak - rssBefore) / 1024 / 1024).toFixed(1)} MB → ${folder}`,
    );
  }
  return { lines };
}

if (import.meta.main) {
  for (const line of (await runSpeedBench()).lines) console.log(line);
}
