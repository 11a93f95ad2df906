import type { TerritoryKnowledge } from "../../domain/knowledge.ts";
import { localDate } from "../../domain/time/zoned.ts";
import { answerConvention } from "./answer-convention.ts";
import { answerHowMany } from "./answer-how-many.ts";
import { answerStatus } from "./answer-status.ts";
import { answerWhatIs } from "./answer-what-is.ts";
import { answerWhen } from "./answer-when.ts";
import { answerWhere } from "./answer-where.ts";
import { answerAction, answerWhich } from "./answer-which.ts";
import { answerWho } from "./answer-who.ts";
import { detectIntent } from "./detect-intent.ts";
import { dontKnow } from "./dont-know.ts";
import { buildIndex, type KnowledgeIndex } from "./knowledge-index.ts";
import { type QaInput, topicOf } from "./qa-input.ts";
import { readQuestion } from "./question-parts.ts";
import type { Answer, Intent } from "./types.ts";

/** Questions outside the plan's facts: answered "I don't know", never guessed. */
const OUT_OF_SCOPE =
  / (budget|cout|coute|coutent|montant|euros?|financement accorde|salaire|meteo|temps qu il fait|heure est il) /;

const ANSWERERS: Record<Intent, (input: QaInput) => Answer> = {
  when: answerWhen,
  who: answerWho,
  which_actions: answerWhich,
  status: answerStatus,
  what_is: answerWhatIs,
  how_many: answerHowMany,
  where: answerWhere,
  action: answerAction,
  convention: answerConvention,
  unknown: (input) => {
    const best = input.index.actions.search(input.topic, { limit: 1, minScore: 0.6 })[0];
    if (best) return answerWhich(input);
    return dontKnow(
      input,
      "unknown",
      `Je n'ai pas compris la question ou la réponse n'est pas dans le plan de ${input.index.knowledge.territory.name}.`,
      [
        "« quand … ? » pour une date",
        "« qui pilote l'action 3 ? »",
        "« qu'est-ce qu'un LAEP ? »",
        "« quelles actions sur la jeunesse ? »",
      ],
    );
  },
};

export interface AskOptions {
  now: Date;
  prefix: string;
  /** Words to leave out of the topic: the name of a territory the question named. */
  ignore?: readonly string[];
  index?: KnowledgeIndex;
}

/** Answers a free question from one territory's knowledge: intent, facts (refs) and a French reply. */
export function answerQuestion(question: string, knowledge: TerritoryKnowledge, options: AskOptions): Answer {
  const q = readQuestion(question);
  const index = options.index ?? buildIndex(knowledge);
  const intent = detectIntent(q);
  const input: QaInput = {
    q,
    index,
    now: options.now,
    today: localDate(options.now, knowledge.territory.timezone),
    prefix: options.prefix,
    topic: topicOf(q, options.ignore ?? []),
    ignore: options.ignore ?? [],
  };
  // "Une action sur le coût des transports ?" asks for actions; "le budget de l'action 3" for a figure.
  if (OUT_OF_SCOPE.test(q.text) && intent !== "which_actions") {
    return dontKnow(input, intent, `Le plan de ${knowledge.territory.name} ne donne pas cette information.`);
  }
  return ANSWERERS[intent](input);
}
