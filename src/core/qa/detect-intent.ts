import type { QuestionParts } from "./question-parts.ts";
import type { Intent } from "./types.ts";

const WHAT_IS =
  / (qu est ce qu(e|un|une)?|c est quoi|ca veut dire|veut dire|que veut|que signifie|signifie|signification|definition|sigle|acronyme|kesako|c quoi) /;
const HOW_MANY = / (combien|nombre d(e|es|u)?) /;
const STATUS =
  / (ou en est|ou en sont|en est ou|en sont ou|ca en est|avancement|etat d avancement|statut|est elle (faite|terminee|realisee|lancee)|a t elle ete) /;
const DONE_YET = / est ce qu?e? .* (fait|faite|realisee?|terminee?|lancee?|demarree?|commencee?|en cours) $/;
const SIGNED = / (signee?s?|signature|actee) /;
const CONVENTION_WORDS = / (convention|ctg|contrat) /;
const CONVENTION_FACETS =
  / (fin|finit|termine|terminer|expire|expiration|debut|commence|duree|dure|court|jusqu a quand|preavis|prevenance|denonc\w*|resili\w*|renouvel\w*|reconduit\w*|reconduction|tacite|signataires?|parties|periode|quelle periode|echeance de la convention) /;
/** An earlier convention ("la première CTG", "l'ancienne convention") is history: its events answer. */
const EARLIER = / (premiere|precedente|ancienne|derniere) (ctg|convention)/;
const NOTICE = / (preavis|prevenance|resiliation|denonciation|denoncer|reconduction|reconduite?) /;
const WHEN =
  / (quand|quelle date|a quelle date|quel jour|quel mois|quelle annee|en quelle annee|date|dates|calendrier|echeance|echeancier|delai|d ici quand|jusqu a quand|depuis quand|prevue?s? pour|planning|retroplanning|pour quand) /;
const WHERE_ACCENTLESS =
  / (ou (est|sont|se|trouver|a lieu|aura lieu|ont lieu|se trouve|se tient|se tiendra|sera|c est)|c est ou|quel lieu|quels lieux|le lieu|adresse|a quelle adresse|il y a (un|une|des)) /;
const WHICH =
  / (quelles?|quels?|liste|lister|toutes? les|les) (actions?|fiches?)|(actions?|fiches?) (sur|pour|concernant|autour|en faveur|qui|liees?|dans|de l axe|parlant|parle)|(on a|avez vous|y a t il) quoi pour|qu est ce qui est prevu pour|que prevoit|que prevoient|qu est ce qu on fait pour|que fait on pour /;
/** "… elle est où ?" typed without the accent: the question ends on "ou". */
const ENDS_WITH_WHERE = / ou $/;
const PLANNED_FOR =
  / (qu est ce qui est prevu pour|que prevoit|que prevoient|qu est ce qu on fait pour|que fait on pour) /;
const WHO =
  / (qui|pilote|pilotes|pilotage|referents?|partenaires?|interlocuteurs?|contact|responsable|porteurs?|signataires?|composition|compose|siege|sieger|membres?|anime|animateur|coordinateur|coordinatrice|coordonnateur|charge de cooperation|chargee de cooperation|president|presidente|directeur|directrice|maire|represente|s occupe) /;

/** The intent of a question, from its wording. Order matters: the most specific tests first. */
/** The intent of a question, from its wording. Order matters: the most specific tests first. */
export function detectIntent(q: QuestionParts): Intent {
  const t = q.text;
  const asksDate = WHEN.test(t) && !PLANNED_FOR.test(t);
  const aboutConvention = CONVENTION_WORDS.test(t) && !EARLIER.test(t);
  const conventionFacet =
    CONVENTION_FACETS.test(t) || (SIGNED.test(t) && !/ qui a /.test(t)) || / combien d annees /.test(t);
  if (q.actionNumbers.length > 0 && WHAT_IS.test(t) && !asksDate) return "action";
  if (WHAT_IS.test(t) && !asksDate) return "what_is";
  if (STATUS.test(t) || DONE_YET.test(t)) return "status";
  if (/où/i.test(q.raw) && / ou /.test(t)) return "where";
  // A named meeting asked about by date is an event, even in a sentence that says "CTG".
  if (asksDate && q.eventKinds.some((k) => k !== "signature")) return "when";
  if (aboutConvention && (conventionFacet || / (dure|duree) /.test(t))) return "convention";
  if (HOW_MANY.test(t)) return "how_many";
  if (WHICH.test(t) && !asksDate) return "which_actions";
  if ((WHERE_ACCENTLESS.test(t) || ENDS_WITH_WHERE.test(t)) && !asksDate) return "where";
  if (NOTICE.test(t)) return "convention";
  if (asksDate) return "when";
  if (WHICH.test(t) || (q.axisNumber !== null && / (actions?|fiches?) /.test(t))) return "which_actions";
  if (WHO.test(t)) return "who";
  if (q.wantsNext || q.wantsPast) return "when";
  if (q.actionNumbers.length > 0 || / (fiche|action) /.test(t)) return "action";
  return "unknown";
}
