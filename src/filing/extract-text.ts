import { strFromU8, unzipSync } from "fflate";
import { getDocumentProxy } from "unpdf";

/** What the classifier reads: the title and the first lines are enough. */
export const FIRST_PAGE_CHARS = 3000;
/** A document.xml bigger than this is not a chat attachment but a zip bomb. */
const MAX_XML_BYTES = 20 * 1024 * 1024;

/**
 * The text of a document's first page: PDF (its first page), DOCX and ODT (up to the first page
 * break or ~3000 characters), plain text and Markdown. Null for any other file, and for a file that
 * is corrupt, encrypted, scanned without text, or empty — never throws on a bad file.
 */
export async function extractFirstPage(bytes: Uint8Array, fileName: string): Promise<string | null> {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  try {
    let text: string | null = null;
    if (extension === "pdf") text = await pdfFirstPage(bytes);
    else if (extension === "docx") text = xmlText(zipEntry(bytes, "word/document.xml"), WORD);
    else if (extension === "odt") text = xmlText(zipEntry(bytes, "content.xml"), OPEN_DOCUMENT);
    else if (extension === "txt" || extension === "md") text = plainText(bytes);
    return tidy(text);
  } catch {
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
  const files = unzipSync(bytes, { filter: (f) => f.name === name && f.originalSize <= MAX_XML_BYTES });
  const data = files[name];
  return data === undefined ? null : strFromU8(data);
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
