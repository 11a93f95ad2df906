import type { KnowledgeIndex } from "./knowledge-index.ts";
import type { QuestionParts } from "./question-parts.ts";

export interface QaInput {
  q: QuestionParts;
  index: KnowledgeIndex;
  now: Date;
  /** Today in the territory's timezone, `YYYY-MM-DD`. */
  today: string;
  prefix: string;
  /** The question without its intent words ("quand", "qui pilote"…): what it is about. */
  topic: string;
  /** Words that named another territory in the question: never part of a topic. */
  ignore: readonly string[];
}

/** Words that say what is asked, not what about: removed before searching the plan. */
const INTENT_WORDS = new Set(
  `quand quelle quel quels quelles date dates prevu prevue prevus prevues prochain prochaine prochains prochaines
  dernier derniere a-venir venir aura aurait aura-t-il qui pilote pilotes pilotage porte porteur porteurs
  referent referents partenaire partenaires ou en est sont avancement etat statut combien nombre action actions fiche
  fiches fa numero n no qu quoi c est ce veut dire signifie signification definition sigle montrer montre voir affiche
  afficher detail details liste lister toutes tous sur concernant autour pour faveur plan territoire ctg svp merci
  bonjour prevoit prevoient echeance echeances echeancier calendrier planning se tient tiendra passe
  faut il y a t elle il ils concerne concernent concernant vise visent parle parlent traite traitent
  deja encore environ exactement donc alors aussi juste bien vraiment rappeler rappelez`.split(/\s+/),
);

export function topicOf(q: QuestionParts, extraStop: readonly string[] = []): string {
  const stop = new Set([...INTENT_WORDS, ...extraStop]);
  // The action and axis numbers are entities, not topic words; other numbers ("16-30 ans") are.
  const numbers = new Set([
    ...q.actionNumbers.flatMap((n) => n.split(".")),
    ...(q.axisNumber ? [q.axisNumber] : []),
  ]);
  return q.text
    .split(" ")
    .filter((w) => w.length > 0 && !stop.has(w) && !numbers.has(w))
    .join(" ");
}
