/**
 * Accents removed and ligatures spelled out (« Œuvre » → « Oeuvre », « Énième » → « Enieme »),
 * case kept: the one folding every matcher of French words builds on (search, filing, names).
 */
export function stripAccents(input: string): string {
  return input
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/œ/g, "oe")
    .replace(/Œ/g, "OE")
    .replace(/æ/g, "ae")
    .replace(/Æ/g, "AE");
}

/** `stripAccents`, in lower case: « Réunion du CoPil » → « reunion du copil ». */
export function foldAccents(input: string): string {
  return stripAccents(input).toLowerCase();
}
