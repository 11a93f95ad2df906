import { strFromU8, unzipSync } from "fflate";
import { getDocumentProxy } from "unpdf";
import { currentLog, errorFields } from "../core/log.ts";
import { exifTakenAt } from "./exif.ts";

/** What the classifier reads: the title and the first lines are enough. */
export const FIRST_PAGE_CHARS = 3000;
/** A document.xml bigger than this is not a chat attachment but a zip bomb. */
const MAX_XML_BYTES = 20 * 1024 * 1024;
/** Spreadsheets: the first rows of each sheet say what the table is; slides: the first ones. */
const SHEET_ROWS = 12;
const SHEETS = 4;
const SLIDES = 4;
/** An archive is named by what it holds: the first names are enough. */
const ARCHIVE_NAMES = 40;

/** What the bot reads in a posted file, for the classifier. */
export interface DocumentReading {
  /**
   * The first page of a PDF, DOCX or ODT; the sheet names and first rows of an XLSX or ODS; the
   * first slides of a PPTX or ODP; the names inside a ZIP; plain text. Null when nothing is readable.
   */
  text: string | null;
  /** When a photo was taken, local time as the camera wrote it (`YYYY-MM-DDTHH:MM`), from EXIF. */
  takenAt: string | null;
}

/**
 * Reads what a posted file says of itself, never throwing on a bad file: a corrupt, encrypted or
 * scanned-without-text document gives `{ text: null }`.
 */
export async function readDocument(bytes: Uint8Array, fileName: string): Promise<DocumentReading> {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  if (extension === "jpg" || extension === "jpeg") return { text: null, takenAt: exifTakenAt(bytes) };
  return { text: await extractFirstPage(bytes, fileName), takenAt: null };
}

/**
 * The text of a document's first page: PDF (its first page), DOCX and ODT (up to the first page
 * break or ~3000 characters), XLSX and ODS (sheet names, first rows), PPTX and ODP (first slides),
 * ZIP (the names inside), plain text and Markdown. Null for any other file, and for a file that
 * is corrupt, encrypted, scanned without text, or empty — never throws on a bad file.
 */
export async function extractFirstPage(bytes: Uint8Array, fileName: string): Promise<string | null> {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  try {
    let text: string | null = null;
    if (extension === "pdf") text = await pdfFirstPage(bytes);
    else if (extension === "docx") text = xmlText(zipEntry(bytes, "word/document.xml"), WORD);
    else if (extension === "odt") text = xmlText(zipEntry(bytes, "content.xml"), OPEN_DOCUMENT);
    else if (extension === "xlsx") text = xlsxText(bytes);
    else if (extension === "ods") text = odsText(zipEntry(bytes, "content.xml"));
    else if (extension === "pptx") text = pptxText(bytes);
    else if (extension === "odp") text = odpText(zipEntry(bytes, "content.xml"));
    else if (extension === "zip") text = archiveNames(bytes);
    else if (extension === "txt" || extension === "md") text = plainText(bytes);
    return tidy(text);
  } catch (error) {
    // A corrupt, encrypted or truncated file is ordinary; an error of our own code is not, and
    // must not pass for one (the file is then filed by its name only).
    const bug = error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError;
    const log = currentLog();
    if (bug)
      log.error({ extension, size: bytes?.length ?? 0, ...errorFields(error) }, "document reader failed");
    else log.debug({ extension, size: bytes?.length ?? 0, ...errorFields(error) }, "document unreadable");
    return null;
  }
}

async function pdfFirstPage(bytes: Uint8Array): Promise<string | null> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    if (pdf.numPages < 1) return null;
    const page = await pdf.getPage(1);
    const content = await page.getTextContent();
    let out = "";
    for (const item of content.items) {
      if (!("str" in item)) continue;
      out += item.str;
      if (item.hasEOL) out += "\n";
      else if (item.str !== "" && !out.endsWith(" ")) out += " ";
    }
    return out;
  } finally {
    await pdf.loadingTask.destroy();
  }
}

function zipEntry(bytes: Uint8Array, name: string): string | null {
  return zipEntries(bytes, (n) => n === name).get(name) ?? null;
}

/** The zip's entries whose names `wanted` accepts, as text (none bigger than MAX_XML_BYTES). */
function zipEntries(bytes: Uint8Array, wanted: (name: string) => boolean): Map<string, string> {
  const files = unzipSync(bytes, { filter: (f) => wanted(f.name) && f.originalSize <= MAX_XML_BYTES });
  return new Map(Object.entries(files).map(([n, data]) => [n, strFromU8(data)]));
}

/** Text of the elements named `tag` (a:t, t, text:p…) in document order, entities decoded. */
function elementTexts(xml: string, tag: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, "g");
  for (const m of xml.matchAll(pattern)) out.push(decodeEntities((m[1] ?? "").replace(/<[^>]*>/g, "")));
  return out;
}

/** Attribute `name` of every `<tag …>` in order. */
function attributeValues(xml: string, tag: string, name: string): string[] {
  const pattern = new RegExp(`<${tag}\\b[^>]*\\s${name}="([^"]*)"`, "g");
  return [...xml.matchAll(pattern)].map((m) => decodeEntities(m[1] ?? ""));
}

/**
 * XLSX (ECMA-376 SpreadsheetML): sheet names from xl/workbook.xml, then each sheet's first rows
 * with shared strings resolved, cells joined by « | ».
 */
function xlsxText(bytes: Uint8Array): string | null {
  const parts = zipEntries(
    bytes,
    (n) =>
      n === "xl/workbook.xml" || n === "xl/sharedStrings.xml" || /^xl\/worksheets\/sheet\d+\.xml$/.test(n),
  );
  const workbook = parts.get("xl/workbook.xml");
  if (workbook === undefined) return null;
  const shared = [...(parts.get("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    elementTexts(m[1] ?? "", "t").join(""),
  );
  const names = attributeValues(workbook, "sheet", "name");
  const lines: string[] = [];
  names.slice(0, SHEETS).forEach((name, i) => {
    lines.push(name);
    const sheet = parts.get(`xl/worksheets/sheet${i + 1}.xml`) ?? "";
    const rows = [...sheet.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)].slice(0, SHEET_ROWS);
    for (const row of rows) {
      const cells = [...(row[1] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => {
        const attributes = c[1] ?? "";
        const inner = c[2] ?? "";
        if (/\st="s"/.test(attributes)) return shared[Number(elementTexts(inner, "v")[0])] ?? "";
        if (/\st="inlineStr"/.test(attributes)) return elementTexts(inner, "t").join("");
        return elementTexts(inner, "v")[0] ?? "";
      });
      const line = cells.filter((c) => c.trim() !== "").join(" | ");
      if (line !== "") lines.push(line);
    }
  });
  return lines.join("\n");
}

/** ODS (ODF 1.3): each table's name, then its first rows, cells joined by « | ». */
function odsText(xml: string | null): string | null {
  if (xml === null) return null;
  const lines: string[] = [];
  const tables = [...xml.matchAll(/<table:table\b([^>]*)>([\s\S]*?)<\/table:table>/g)].slice(0, SHEETS);
  for (const table of tables) {
    const name = /table:name="([^"]*)"/.exec(table[1] ?? "")?.[1];
    if (name !== undefined) lines.push(decodeEntities(name));
    const rows = [...(table[2] ?? "").matchAll(/<table:table-row\b[^>]*>([\s\S]*?)<\/table:table-row>/g)];
    for (const row of rows.slice(0, SHEET_ROWS)) {
      const cells = elementTexts(row[1] ?? "", "table:table-cell").map((c) => c.trim());
      const line = cells.filter((c) => c !== "").join(" | ");
      if (line !== "") lines.push(line);
    }
  }
  return lines.join("\n");
}

/** PPTX (ECMA-376 PresentationML): the text of the first slides, in slide order. */
function pptxText(bytes: Uint8Array): string | null {
  const slides = zipEntries(bytes, (n) => {
    const m = /^ppt\/slides\/slide(\d+)\.xml$/.exec(n);
    return m !== null && Number(m[1]) <= SLIDES;
  });
  const ordered = [...slides.entries()].sort(
    (a, b) => Number(/(\d+)\.xml$/.exec(a[0])?.[1]) - Number(/(\d+)\.xml$/.exec(b[0])?.[1]),
  );
  return ordered
    .flatMap(([, xml]) =>
      [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) => elementTexts(p[1] ?? "", "a:t").join("")),
    )
    .filter((line) => line.trim() !== "")
    .join("\n");
}

/** ODP (ODF 1.3): the paragraphs of the first pages (slides). */
function odpText(xml: string | null): string | null {
  if (xml === null) return null;
  const pages = [...xml.matchAll(/<draw:page\b[^>]*>([\s\S]*?)<\/draw:page>/g)].slice(0, SLIDES);
  return pages.flatMap((page) => elementTexts(page[1] ?? "", "text:p")).join("\n");
}

/** A ZIP: the names of what it holds (folders and files), nothing extracted. */
function archiveNames(bytes: Uint8Array): string | null {
  const names: string[] = [];
  unzipSync(bytes, {
    filter: (f) => {
      if (names.length < ARCHIVE_NAMES) names.push(f.name);
      return false;
    },
  });
  return names.join("\n");
}

interface XmlDialect {
  /** Where the first page ends, when the document says. */
  pageBreak: RegExp;
  newline: RegExp;
  tab: RegExp;
  space: RegExp;
}

const WORD: XmlDialect = {
  pageBreak: /<w:br\b[^>]*w:type="page"[^>]*\/>|<w:lastRenderedPageBreak\/>/,
  newline: /<\/w:p>|<w:br\b[^>]*\/>|<w:cr\/>/g,
  tab: /<w:tab\/>/g,
  space: /(?!)/g,
};
const OPEN_DOCUMENT: XmlDialect = {
  pageBreak: /(?!)/,
  newline: /<\/text:(?:p|h)>|<text:line-break\/>/g,
  tab: /<text:tab\/>/g,
  space: /<text:s(?:\s+text:c="(\d+)")?\/>/g,
};

function xmlText(xml: string | null, dialect: XmlDialect): string | null {
  if (xml === null) return null;
  const body = xml.slice(0, MAX_XML_BYTES);
  const broken = body.search(dialect.pageBreak);
  const page = broken > 0 ? body.slice(0, broken) : body;
  return decodeEntities(
    page
      .replace(dialect.space, (_m, n: string | undefined) => " ".repeat(Math.min(Number(n ?? "1"), 20)))
      .replace(dialect.tab, "\t")
      .replace(dialect.newline, "\n")
      .replace(/<[^>]*>/g, ""),
  );
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith("#x")) return safeChar(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return safeChar(Number.parseInt(lower.slice(1), 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[lower] ?? "";
  });
}

const safeChar = (code: number): string => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "");

function plainText(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, FIRST_PAGE_CHARS * 4);
  if (head.includes(0)) return null;
  return new TextDecoder("utf-8", { fatal: false }).decode(head).replace(/^\uFEFF/, "");
}

/** Lines trimmed, runs of blank lines collapsed, cut at ~3000 characters; null when nothing is left. */
function tidy(text: string | null): string | null {
  if (text === null) return null;
  const out = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .slice(0, FIRST_PAGE_CHARS);
  return out === "" ? null : out;
}
