import type { DocumentType } from "./types.ts";

/** As written in file names and answers: "2024-03-12 - Compte rendu - COPIL.pdf". */
export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  "compte-rendu": "Compte rendu",
  "ordre-du-jour": "Ordre du jour",
  "releve-de-decisions": "Relevé de décisions",
  "fiche-action": "Fiche action",
  diagnostic: "Diagnostic",
  bilan: "Bilan",
  convention: "Convention",
  deliberation: "Délibération",
  presentation: "Présentation",
  "feuille-emargement": "Feuille d'émargement",
  "tableau-de-bord": "Tableau de bord",
  invitation: "Invitation",
  autre: "Document",
};
