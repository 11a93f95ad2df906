import type { TerritoryKnowledge } from "../knowledge.ts";
import type { FilingLexicon } from "./lexicon-schema.ts";

/** Kinds of documents a CTG team files (the default tree and names use their French labels). */
export const DOCUMENT_TYPES = [
  "compte-rendu",
  "ordre-du-jour",
  "releve-de-decisions",
  "fiche-action",
  "diagnostic",
  "bilan",
  "convention",
  "deliberation",
  "presentation",
  "feuille-emargement",
  "tableau-de-bord",
  "invitation",
  "autre",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const INSTANCE_KINDS = [
  "copil",
  "cotech",
  "groupe-de-travail",
  "cellule-de-suivi",
  "commission",
  "journee-ressources",
] as const;
export type InstanceKind = (typeof INSTANCE_KINDS)[number];

export interface InstanceRef {
  kind: InstanceKind;
  /** "Parentalité" for a groupe de travail, the date or title of a journée ressources; null for COPIL. */
  name: string | null;
  /** As written in names and answers: "COPIL", "Groupe de travail Parentalité". */
  label: string;
}

/** Where a field was read; precedence: message > filename > content > channel. */
export type FieldSource = "message" | "filename" | "content" | "channel" | "learned";

export interface FieldGuess<T> {
  value: T;
  /** 0..1 */
  confidence: number;
  source: FieldSource;
  /** French, short: « « CR » dans le nom du fichier ». */
  reason: string;
}

export interface ClassifyInput {
  knowledge: TerritoryKnowledge;
  fileName: string;
  /** The message posted with the file (or the `ranger` indications); "" when none. */
  message: string;
  /** Text of the document's first page (PDF, DOCX, ODT), or null when unreadable / not a document. */
  firstPage: string | null;
  /** Defaults set for the channel (a channel per groupe de travail, per commune…). */
  channelDefaults?: Partial<{
    type: DocumentType;
    instance: InstanceRef;
    action: string;
    commune: string;
  }>;
  /** When the message was posted: "hier", "mardi dernier" are read relative to it. */
  postedAt: Date;
  /** The territory's timezone. */
  zone: string;
  /** Earlier corrections: a similar file name lends its type when nothing else gives one. */
  corrections?: Correction[];
  /** The filing's word lists (prisma/filing/lexicon.yaml): document types, instances, years. */
  lexicon: FilingLexicon;
  /** When a photo was taken (EXIF), local time `YYYY-MM-DDTHH:MM`; null or absent otherwise. */
  takenAt?: string | null;
  /**
   * The plan's actions a text is about, best first, from the territory's knowledge index (the one
   * questions are answered from). Absent: actions are found by number and title words only.
   */
  subjects?: SubjectFinder;
}

/** An action of the plan the words of a document point to. */
export interface SubjectMatch {
  /** The action number as written in the plan. */
  action: string;
  /** Relevance, comparable between the matches of one text only. */
  score: number;
  /** The document's words found in the action, as written in the plan (for the reason shown). */
  words: string[];
}

/** The actions a text is about, best first (empty when none is). */
export type SubjectFinder = (text: string) => SubjectMatch[];

export interface Classification {
  type: FieldGuess<DocumentType> | null;
  instance: FieldGuess<InstanceRef> | null;
  /** The action number as written in the plan ("11", "2.3"). */
  action: FieldGuess<string> | null;
  /** The commune's name as written in the plan. */
  commune: FieldGuess<string> | null;
  /** YYYY-MM-DD */
  date: FieldGuess<string> | null;
  /**
   * Actions the document may be about when none is clearly ahead (each with its own confidence):
   * the destination then weighs their folders and asks between them.
   */
  actionChoices?: FieldGuess<string>[];
  /** The year the document is about (« Bilan 2023 » posted in 2024), when written; else the date's. */
  year?: FieldGuess<string> | null;
  /** The words that describe the document (`clueWords`), kept so that a correction can learn from them. */
  clues?: string[];
  /**
   * The fiche a document is about without living in its folder: the minutes of the commission a
   * fiche is about stay with the commission, and are recorded under the fiche (`docs 2.2` lists them).
   */
  relatedAction?: FieldGuess<string>;
}

/** A filing a user corrected: the next similar document goes where they said. */
export interface Correction {
  /** The original file name of the corrected document. */
  fileName: string;
  type: DocumentType | null;
  /** The folder the user chose (workspace path). */
  folder: string;
  /**
   * The words that described the document when it was filed (message, file name, its title line),
   * folded (`clueWords`): the next document that shares the telling ones goes there too.
   */
  words?: readonly string[];
}

export interface Destination {
  /** Workspace folder, `/`-separated, no leading slash: "03 Instances/COPIL/2024". */
  folder: string;
  /** "2024-03-12 - Compte rendu - COPIL.pdf" */
  fileName: string;
  /** folder + "/" + fileName */
  path: string;
  /** 0..1: how sure the bot is of `folder`. */
  confidence: number;
  /** True when the bot should ask (the file then waits in "A classer/"). */
  ask: boolean;
  /** French, one per decisive field or rule. */
  reasons: string[];
  /** 2–4 folders to offer when asking, best first (the first is `folder`). */
  alternatives: { folder: string; label: string }[];
}
