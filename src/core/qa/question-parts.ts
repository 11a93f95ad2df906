import type { EventKind } from "../../domain/model.ts";
import { normalizeText } from "../../domain/text/normalize.ts";

/** What a question says, read once: its normalised text and the entities it names. */
export interface QuestionParts {
  raw: string;
  /** Accents and case folded, punctuation as spaces, padded with spaces for ` word ` tests. */
  text: string;
  actionNumbers: string[];
  axisNumber: string | null;
  eventKinds: EventKind[];
  wantsNext: boolean;
  wantsPast: boolean;
  years: number[];
  /** Months named ("le copil de décembre"), 1–12. */
  months: number[];
}

const MONTHS = [
  "janvier",
  "fevrier",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "aout",
  "septembre",
  "octobre",
  "novembre",
  "decembre",
];

const EVENT_WORDS: [RegExp, EventKind][] = [
  [/ (copil|comite de pilotage|comites de pilotage) /, "copil"],
  [/ (cotech|comite technique|comites techniques|comite tech) /, "cotech"],
  [/ (groupes? de travail|gt|gtt\d?) /, "groupe_de_travail"],
  [/ cellules? de suivi /, "cellule_de_suivi"],
  [/ commissions? /, "commission"],
  [/ (journees? ressources?|jr) /, "journee_ressources"],
  [/ rencontres? (de territoire|territoriales?) /, "rencontre_de_territoire"],
  [/ (reunions? partenariales?|reunion des partenaires|rencontre partenariale) /, "reunion_partenariale"],
  [/ (signature|signee?s?) /, "signature"],
];

/** Typos people make on the bot's key words, fixed before matching. */
const TYPOS: [RegExp, string][] = [
  [/ reunions? /g, " reunion "],
  [/ reu?nion /g, " reunion "],
  [/ copile? /g, " copil "],
  [/ cotek /g, " cotech "],
  [/ acc?e?u?e?il /g, " accueil "],
  [/ acceuil /g, " accueil "],
  [/ echeances? /g, " echeance "],
  [/ echeanc(ier)? /g, " echeancier "],
  [/ referants? /g, " referent "],
  [/ pillote /g, " pilote "],
  [/ agglo /g, " agglomeration "],
  [/ (com com|comcom|cdc) /g, " communaute de communes "],
  [/ coordo /g, " coordinateur "],
  [/ appli /g, " application "],
  [/ educ nat /g, " education nationale "],
  [/ asso /g, " association "],
  [/ assmats? /g, " assistante maternelle "],
  [/ ass mat /g, " assistante maternelle "],
];

export function readQuestion(raw: string): QuestionParts {
  let text = ` ${normalizeText(raw)} `;
  for (const [re, fix] of TYPOS) text = text.replace(re, fix);
  const actionNumbers = [
    ...text.matchAll(/ (?:actions?|fiches?(?: actions?)?|fa|n|no|numero) (\d{1,2}(?: \d{1,2})?) /g),
  ].map((m) => (m[1] ?? "").replace(" ", "."));
  // "la 2.7", "2.3 ?": a dotted number written alone is an action number too.
  for (const m of raw.matchAll(/(?:^|[^\d.])(\d{1,2}\.\d{1,2})(?![\d.])/g))
    if (m[1]) actionNumbers.push(m[1]);
  const axis = text.match(/ axes? (\d) /);
  const eventKinds = EVENT_WORDS.filter(([re]) => re.test(text)).map(([, kind]) => kind);
  const years = [...text.matchAll(/ (20\d\d) /g)].map((m) => Number(m[1]));
  return {
    raw,
    text,
    actionNumbers: [...new Set(actionNumbers)],
    axisNumber: axis?.[1] ?? null,
    eventKinds,
    wantsNext: / (prochaine?s?|a venir|suivante?|bientot|prevue?s?) /.test(text),
    wantsPast: / (derniere?s?|a eu lieu|ont eu lieu|passee?s?|precedente?|etait) /.test(text),
    years,
    months: MONTHS.map((m, i) => (text.includes(` ${m} `) ? i + 1 : 0)).filter((m) => m > 0),
  };
}
