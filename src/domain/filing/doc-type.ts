import { type Hit, headHit } from "./hit.ts";
import type { WordsCue } from "./lexicon-schema.ts";
import { findPhrase, quote, spanText, type Token, tokenize } from "./tokens.ts";
import type { DocumentType, FieldSource } from "./types.ts";

/** Outside the message and the file name, "convention" is mostly the CTG's own name in a heading. */
const CONTENT_CONVENTION_CONFIDENCE = 0.45;
/** Only the heading of a first page says what the document is. */
const CONTENT_HEAD_CHARS = 400;

const EXTENSION_HINTS: Readonly<Record<string, DocumentType>> = {
  ppt: "presentation",
  pptx: "presentation",
  odp: "presentation",
  key: "presentation",
};

/** The kind of document a text names, preferring the noun named first ("bilan de la fiche 2.4"). */
export function findDocumentType(
  text: string,
  source: FieldSource,
  cues: readonly WordsCue<DocumentType>[],
): Hit<DocumentType> | null {
  const head = source === "content" ? text.slice(0, CONTENT_HEAD_CHARS) : text;
  const tokens = tokenize(head);
  const hits: Hit<DocumentType>[] = [];
  for (const pattern of cues) {
    const at = findPhrase(tokens, pattern.words);
    if (at < 0) continue;
    const confidence =
      source === "content" && pattern.value === "convention" && /^conventions?$/.test(tokens[at]?.fold ?? "")
        ? CONTENT_CONVENTION_CONFIDENCE
        : pattern.confidence;
    hits.push({
      value: pattern.value,
      confidence,
      index: at,
      evidence: quote(matched(head, tokens, at, pattern)),
    });
  }
  return headHit(hits);
}

/** A weak hint from the extension alone (a .pptx is usually a presentation). */
export function typeFromExtension(extension: string): Hit<DocumentType> | null {
  const type = EXTENSION_HINTS[extension];
  return type === undefined
    ? null
    : { value: type, confidence: 0.6, index: 0, evidence: `fichier .${extension}` };
}

function matched(
  source: string,
  tokens: readonly Token[],
  at: number,
  pattern: WordsCue<DocumentType>,
): string {
  return spanText(source, tokens, at, at + pattern.words.length);
}
