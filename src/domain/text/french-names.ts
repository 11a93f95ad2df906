/**
 * French grammar of a territory's name: « l'Agglomération d'Agen », « de l'Agglomération
 * d'Agen », « du Golfe du Morbihan… », « à Mellois en Poitou ». The plan file gives the article
 * (`territoire.article`); without one the name is used bare (« de Mellois en Poitou »).
 */
export const ARTICLES = ["le", "la", "l'", "les"] as const;
export type Article = (typeof ARTICLES)[number];

export interface Named {
  name: string;
  article: Article | null;
}

const startsWithVowel = (s: string) => /^[aeiouyhàâäéèêëîïôöùûü]/i.test(s.normalize("NFC"));

/** « l'Agglomération d'Agen », « le Golfe du Morbihan - Vannes Agglomération », « Mellois en Poitou ». */
export function theName(t: Named): string {
  if (t.article === null) return t.name;
  return t.article === "l'" ? `l'${t.name}` : `${t.article} ${t.name}`;
}

/** « de l'Agglomération d'Agen », « du Golfe… », « des … », « de Mellois en Poitou », « d'Agen ». */
export function ofName(t: Named): string {
  switch (t.article) {
    case "le":
      return `du ${t.name}`;
    case "les":
      return `des ${t.name}`;
    case "la":
      return `de la ${t.name}`;
    case "l'":
      return `de l'${t.name}`;
    default:
      return startsWithVowel(t.name) ? `d'${t.name}` : `de ${t.name}`;
  }
}

/** « à l'Agglomération d'Agen », « au Golfe… », « aux … », « à Mellois en Poitou ». */
export function toName(t: Named): string {
  switch (t.article) {
    case "le":
      return `au ${t.name}`;
    case "les":
      return `aux ${t.name}`;
    case "la":
      return `à la ${t.name}`;
    case "l'":
      return `à l'${t.name}`;
    default:
      return `à ${t.name}`;
  }
}

/** « pour l'Agglomération d'Agen », « pour Mellois en Poitou ». */
export function forName(t: Named): string {
  return `pour ${theName(t)}`;
}

/** Capital first letter, for a name that opens a sentence (« L'Agglomération d'Agen … »). */
export function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A stored article, read back: anything else (a hand-edited row) counts as none. */
export function asArticle(s: string | null): Article | null {
  return (ARTICLES as readonly string[]).includes(s ?? "") ? (s as Article) : null;
}
