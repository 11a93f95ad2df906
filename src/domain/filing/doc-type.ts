import { type Hit, headHit } from "./hit.ts";
import { findPhrase, type Phrase, phrase, quote, spanText, type Token, tokenize } from "./tokens.ts";
import type { DocumentType, FieldSource } from "./types.ts";

interface TypePattern {
  type: DocumentType;
  words: Phrase;
  confidence: number;
}

const p = (type: DocumentType, source: string, confidence: number): TypePattern => ({
  type,
  words: phrase(source),
  confidence,
});

/** Words and abbreviations of French CTG teams, folded (accents and case ignored). */
const PATTERNS: readonly TypePattern[] = [
  p("compte-rendu", "comptes? rendu[es]*", 0.95),
  p("compte-rendu", "cpte rendu[es]*", 0.85),
  p("compte-rendu", "crs?", 0.85),
  p("compte-rendu", "proces verbal", 0.9),
  p("compte-rendu", "pv", 0.8),
  p("compte-rendu", "notes? de reunion", 0.7),
  p("compte-rendu", "notes? de la reunion", 0.7),
  p("compte-rendu", "synthese de la reunion", 0.7),
  p("ordre-du-jour", "ordres? du jour", 0.95),
  p("ordre-du-jour", "odj", 0.9),
  p("ordre-du-jour", "oj", 0.6),
  p("releve-de-decisions", "releves? (de|des) decisions?", 0.95),
  p("releve-de-decisions", "releve decisions?", 0.9),
  p("fiche-action", "fiches? actions?", 0.95),
  p("fiche-action", "fa\\d.*", 0.9),
  p("fiche-action", "fa \\d.*", 0.9),
  p("fiche-action", "fiches? \\d.*", 0.85),
  p("fiche-action", "fiches? no? \\d.*", 0.85),
  p("fiche-action", "fiches?", 0.55),
  p("diagnostic", "diagnostics?", 0.95),
  p("diagnostic", "diag", 0.85),
  p("diagnostic", "etat des lieux", 0.85),
  p("diagnostic", "portrait (de|du) territoire", 0.8),
  p("diagnostic", "analyse des besoins", 0.75),
  p("bilan", "bilans?", 0.9),
  p("bilan", "evaluations?", 0.85),
  p("bilan", "eval", 0.7),
  p("bilan", "rapports? d activites?", 0.85),
  p("bilan", "rapport annuel", 0.8),
  p("convention", "conventions?", 0.85),
  p("convention", "avenants?", 0.9),
  p("convention", "chartes?", 0.85),
  p("convention", "accord cadre", 0.8),
  p("deliberation", "deliberations?", 0.95),
  p("deliberation", "delibs?", 0.9),
  p("deliberation", "extrait du registre", 0.85),
  p("presentation", "presentations?", 0.8),
  p("presentation", "diaporamas?", 0.9),
  p("presentation", "diapos?(ramas?)?", 0.85),
  p("presentation", "slides?", 0.8),
  p("presentation", "powerpoint|ppt", 0.7),
  p("presentation", "supports?", 0.6),
  p("feuille-emargement", "emargements?", 0.95),
  p("feuille-emargement", "feuilles? de presences?", 0.95),
  p("feuille-emargement", "listes? (de|des) presences?", 0.95),
  p("feuille-emargement", "listes? des presents", 0.9),
  p("feuille-emargement", "feuilles? d emargements?", 0.95),
  p("tableau-de-bord", "tableaux? de bord", 0.95),
  p("tableau-de-bord", "tdb", 0.85),
  p("tableau-de-bord", "tableaux? de suivi", 0.8),
  p("tableau-de-bord", "tableaux? suivi", 0.75),
  p("tableau-de-bord", "suivi des indicateurs", 0.7),
  p("invitation", "invitations?", 0.9),
  p("invitation", "convocations?", 0.9),
  p("invitation", "invit", 0.8),
  p("invitation", "save the date", 0.8),
];

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
export function findDocumentType(text: string, source: FieldSource): Hit<DocumentType> | null {
  const head = source === "content" ? text.slice(0, CONTENT_HEAD_CHARS) : text;
  const tokens = tokenize(head);
  const hits: Hit<DocumentType>[] = [];
  for (const pattern of PATTERNS) {
    const at = findPhrase(tokens, pattern.words);
    if (at < 0) continue;
    const confidence =
      source === "content" && pattern.type === "convention" && /^conventions?$/.test(tokens[at]?.fold ?? "")
        ? CONTENT_CONVENTION_CONFIDENCE
        : pattern.confidence;
    hits.push({
      value: pattern.type,
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

function matched(source: string, tokens: readonly Token[], at: number, pattern: TypePattern): string {
  return spanText(source, tokens, at, at + pattern.words.length);
}
