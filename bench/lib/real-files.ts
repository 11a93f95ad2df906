/**
 * Real files for the filing case sets (docs/filing-sets.md): each case's `contenu` written in the
 * format its extension names, by independent writers where a maintained one exists — pdf-lib (PDF),
 * docx (DOCX), exceljs (XLSX), pptxgenjs (PPTX), jpeg-js (JPEG pixels) — and as the OpenDocument
 * specification lays out the zip otherwise (ODT, ODS, ODP), so the bot's readers are not tested
 * against files written by their own assumptions.
 */
import { strToU8, zipSync } from "fflate";
import { z } from "zod";

const cell = z.union([z.string(), z.number(), z.null()]);

export const contentSchema = z
  .strictObject({
    pages: z.array(z.array(z.string())).optional(),
    paragraphes: z.array(z.string()).optional(),
    feuilles: z.array(z.strictObject({ nom: z.string(), lignes: z.array(z.array(cell)) })).optional(),
    diapos: z.array(z.strictObject({ titre: z.string(), texte: z.array(z.string()).optional() })).optional(),
    exif: z.strictObject({ date: z.coerce.string() }).optional(),
    fichiers: z.array(z.string()).optional(),
  })
  .refine((c) => Object.keys(c).length === 1, { message: "contenu : exactement une clé" });
export type FileContent = z.infer<typeof contentSchema>;

/** Which key of `contenu` each extension reads. */
const KEY_OF: Record<string, keyof FileContent> = {
  pdf: "pages",
  docx: "paragraphes",
  odt: "paragraphes",
  txt: "paragraphes",
  xlsx: "feuilles",
  ods: "feuilles",
  pptx: "diapos",
  odp: "diapos",
  jpg: "exif",
  jpeg: "exif",
  zip: "fichiers",
};

export const extensionOf = (fileName: string): string =>
  /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";

/** The key `contenu` must use for this file name, or null when the format is not one we write. */
export const contentKeyFor = (fileName: string): keyof FileContent | null =>
  KEY_OF[extensionOf(fileName)] ?? null;

/** The bytes of `fileName` holding `content` (undefined: a file of that format with nothing readable). */
export async function writeRealFile(fileName: string, content: FileContent | undefined): Promise<Uint8Array> {
  const ext = extensionOf(fileName);
  const key = KEY_OF[ext];
  if (key === undefined) throw new Error(`format non pris en charge : ${fileName}`);
  if (content !== undefined && content[key] === undefined) {
    throw new Error(`${fileName} : « contenu » doit utiliser la clé ${key}`);
  }
  switch (ext) {
    case "pdf":
      return pdf(content?.pages ?? [[]]);
    case "docx":
      return docx(content?.paragraphes ?? []);
    case "odt":
      return odt(content?.paragraphes ?? []);
    case "txt":
      return strToU8((content?.paragraphes ?? []).join("\n"));
    case "xlsx":
      return xlsx(content?.feuilles ?? [{ nom: "Feuil1", lignes: [] }]);
    case "ods":
      return ods(content?.feuilles ?? [{ nom: "Feuille1", lignes: [] }]);
    case "pptx":
      return pptx(content?.diapos ?? [{ titre: "" }]);
    case "odp":
      return odp(content?.diapos ?? [{ titre: "" }]);
    case "jpg":
    case "jpeg":
      return jpeg(content?.exif?.date ?? null);
    default:
      return zip(content?.fichiers ?? []);
  }
}

async function pdf(pages: string[][]): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts } = await import("pdf-lib");
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => {
      page.drawText(winAnsi(line, font), { x: 60, y: 780 - i * 18, size: 11, font });
    });
  }
  return doc.save();
}

/** Helvetica's WinAnsi encoding has every French letter; anything else becomes « ? ». */
function winAnsi(text: string, font: { encodeText(t: string): unknown }): string {
  return [...text]
    .map((ch) => {
      try {
        font.encodeText(ch);
        return ch;
      } catch {
        return "?";
      }
    })
    .join("");
}

async function docx(paragraphs: string[]): Promise<Uint8Array> {
  const { Document, Packer, Paragraph } = await import("docx");
  const doc = new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function xlsx(sheets: { nom: string; lignes: (string | number | null)[][] }[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.nom);
    for (const row of sheet.lignes) ws.addRow(row);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

type PptxDeck = InstanceType<typeof import("pptxgenjs").default>;

async function pptx(slides: { titre: string; texte?: string[] | undefined }[]): Promise<Uint8Array> {
  // pptxgenjs is CommonJS: Node's import gives the class as `default`, its types as the module.
  const mod = (await import("pptxgenjs")) as unknown as { default: new () => PptxDeck };
  const deck = new mod.default();
  for (const s of slides) {
    const slide = deck.addSlide();
    slide.addText(s.titre, { x: 0.5, y: 0.4, w: 9, h: 1, fontSize: 28, bold: true });
    if (s.texte !== undefined && s.texte.length > 0) {
      slide.addText(s.texte.join("\n"), { x: 0.5, y: 1.6, w: 9, h: 3.5, fontSize: 16 });
    }
  }
  const out = await deck.write({ outputType: "nodebuffer" });
  return new Uint8Array(out as Buffer);
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const OD_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"';

/** An OpenDocument package: `mimetype` first and stored, then the manifest and content.xml (ODF 1.3 §3). */
function openDocument(mime: string, body: string): Uint8Array {
  return zipSync({
    mimetype: [strToU8(mime), { level: 0 }],
    "META-INF/manifest.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mime}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
    ),
    "content.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${OD_NS}><office:body>${body}</office:body></office:document-content>`,
    ),
  });
}

const odt = (paragraphs: string[]) =>
  openDocument(
    "application/vnd.oasis.opendocument.text",
    `<office:text>${paragraphs.map((p) => `<text:p>${xmlEscape(p)}</text:p>`).join("")}</office:text>`,
  );

function ods(sheets: { nom: string; lignes: (string | number | null)[][] }[]): Uint8Array {
  const cellXml = (v: string | number | null) =>
    v === null
      ? "<table:table-cell/>"
      : typeof v === "number"
        ? `<table:table-cell office:value-type="float" office:value="${v}"><text:p>${v}</text:p></table:table-cell>`
        : `<table:table-cell office:value-type="string"><text:p>${xmlEscape(v)}</text:p></table:table-cell>`;
  const tables = sheets
    .map(
      (s) =>
        `<table:table table:name="${xmlEscape(s.nom)}">${s.lignes
          .map((row) => `<table:table-row>${row.map(cellXml).join("")}</table:table-row>`)
          .join("")}</table:table>`,
    )
    .join("");
  return openDocument(
    "application/vnd.oasis.opendocument.spreadsheet",
    `<office:spreadsheet>${tables}</office:spreadsheet>`,
  );
}

function odp(slides: { titre: string; texte?: string[] | undefined }[]): Uint8Array {
  const pages = slides
    .map(
      (s, i) =>
        `<draw:page draw:name="page${i + 1}"><draw:frame presentation:class="title" svg:x="2cm" svg:y="1cm" svg:width="24cm" svg:height="3cm"><draw:text-box><text:p>${xmlEscape(s.titre)}</text:p></draw:text-box></draw:frame>${
          s.texte === undefined
            ? ""
            : `<draw:frame presentation:class="outline" svg:x="2cm" svg:y="5cm" svg:width="24cm" svg:height="12cm"><draw:text-box>${s.texte.map((t) => `<text:p>${xmlEscape(t)}</text:p>`).join("")}</draw:text-box></draw:frame>`
        }</draw:page>`,
    )
    .join("");
  return openDocument(
    "application/vnd.oasis.opendocument.presentation",
    `<office:presentation>${pages}</office:presentation>`,
  );
}

/** A 32×24 grey gradient, with an Exif APP1 segment carrying DateTimeOriginal when a date is given. */
async function jpeg(localDate: string | null): Promise<Uint8Array> {
  const { encode } = await import("jpeg-js");
  const width = 32;
  const height = 24;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = (i * 7) % 256;
    data.writeUInt32BE(((v << 24) | (v << 16) | ((255 - v) << 8) | 0xff) >>> 0, i * 4);
  }
  const plain = new Uint8Array(encode({ data, width, height }, 80).data);
  if (localDate === null) return plain;
  const app1 = exifSegment(localDate);
  // After SOI (FFD8), before the rest: where cameras put APP1.
  const out = new Uint8Array(plain.length + app1.length);
  out.set(plain.subarray(0, 2), 0);
  out.set(app1, 2);
  out.set(plain.subarray(2), 2 + app1.length);
  return out;
}

/**
 * Exif 2.32 APP1: "Exif\0\0", a big-endian TIFF header, IFD0 with DateTime (0x0132) and the Exif
 * IFD pointer (0x8769), whose IFD holds DateTimeOriginal (0x9003), as "YYYY:MM:DD HH:MM:SS".
 */
function exifSegment(localDate: string): Uint8Array {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(localDate);
  if (m === null) throw new Error(`exif.date illisible : ${localDate}`);
  const stamp = `${m[1]}:${m[2]}:${m[3]} ${m[4]}:${m[5]}:${m[6] ?? "00"}\0`; // 20 bytes, ASCII
  const tiff = Buffer.alloc(8 + (2 + 2 * 12 + 4) + 20 + (2 + 12 + 4) + 20);
  tiff.write("MM", 0, "ascii");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  const ifd0 = 8;
  const ifd0Date = ifd0 + 2 + 2 * 12 + 4;
  const exifIfd = ifd0Date + 20;
  const exifDate = exifIfd + 2 + 12 + 4;
  tiff.writeUInt16BE(2, ifd0);
  // DateTime, ASCII (2), 20 bytes at ifd0Date
  tiff.writeUInt16BE(0x0132, ifd0 + 2);
  tiff.writeUInt16BE(2, ifd0 + 4);
  tiff.writeUInt32BE(20, ifd0 + 6);
  tiff.writeUInt32BE(ifd0Date, ifd0 + 10);
  // ExifIFDPointer, LONG (4), 1
  tiff.writeUInt16BE(0x8769, ifd0 + 14);
  tiff.writeUInt16BE(4, ifd0 + 16);
  tiff.writeUInt32BE(1, ifd0 + 18);
  tiff.writeUInt32BE(exifIfd, ifd0 + 22);
  tiff.writeUInt32BE(0, ifd0 + 26);
  tiff.write(stamp, ifd0Date, "ascii");
  tiff.writeUInt16BE(1, exifIfd);
  tiff.writeUInt16BE(0x9003, exifIfd + 2);
  tiff.writeUInt16BE(2, exifIfd + 4);
  tiff.writeUInt32BE(20, exifIfd + 6);
  tiff.writeUInt32BE(exifDate, exifIfd + 10);
  tiff.writeUInt32BE(0, exifIfd + 14);
  tiff.write(stamp, exifDate, "ascii");
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "binary"), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return new Uint8Array(Buffer.concat([header, payload]));
}

/** A zip of the names given, each holding a few bytes (a photo archive is not extracted by the bot). */
async function zip(names: string[]): Promise<Uint8Array> {
  const entries: Record<string, Uint8Array> = {};
  for (const name of names) {
    entries[name] = /\.jpe?g$/i.test(name) ? await jpeg(null) : strToU8(`${name}\n`);
  }
  return zipSync(entries);
}
