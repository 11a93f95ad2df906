import type { Action } from "../../domain/model.ts";
import { compareNumbers } from "../../domain/text/action-number.ts";
import { dontKnow } from "./dont-know.ts";
import type { QaInput } from "./qa-input.ts";
import type { Answer, Intent } from "./types.ts";

/** Minimum share of the topic an action must cover to be "the" action a question is about. */
const CLEAR_MATCH = 0.55;

export type ActionLookup = { action: Action } | { answer: Answer } | null;

/** The action a question is about: by number (an unknown number is said so), or by its words. */
export function findAction(input: QaInput, intent: Intent): ActionLookup {
  const { knowledge } = input.index;
  const number = input.q.actionNumbers[0];
  if (number !== undefined) {
    const action = knowledge.actions.find((a) => a.number === number);
    if (action) return { action };
    const numbers = knowledge.actions.map((a) => a.number).sort(compareNumbers);
    const near = numbers.filter(
      (n) => n.split(".")[0] === number.split(".")[0] || Math.abs(Number(n) - Number(number)) <= 2,
    );
    const span = numbers.length
      ? ` Les fiches vont de ${numbers[0]} à ${numbers.at(-1)}.`
      : " Ce plan n'a pas encore de fiche action.";
    return {
      answer: dontKnow(
        input,
        intent,
        `Je n'ai pas trouvé d'action ${number} à ${knowledge.territory.name}.${span}`,
        near
          .slice(0, 4)
          .map((n) => `Action ${n} : ${knowledge.actions.find((a) => a.number === n)?.title ?? ""}`),
      ),
    };
  }
  if (input.topic.trim() === "") return null;
  const hits = input.index.actions.search(input.topic, { limit: 2 });
  const best = hits[0];
  if (
    best &&
    best.score >= CLEAR_MATCH &&
    (hits[1] === undefined || best.score - hits[1].score >= 0.1 || best.score >= 0.9)
  ) {
    return { action: best.item };
  }
  return null;
}
