import { context, list, reply, text } from "../../chat/reply.ts";
import type { QaInput } from "./qa-input.ts";
import type { Answer, Intent } from "./types.ts";

/** The honest answer: nothing invented, the closest things the plan has, and where to look. */
export function dontKnow(input: QaInput, intent: Intent, why: string, suggestions: string[] = []): Answer {
  const t = input.index.knowledge.territory;
  return {
    intent,
    refs: [],
    reply: reply(
      text(why),
      ...(suggestions.length ? [text("Pistes proches :"), list(suggestions.slice(0, 4))] : []),
      context(`Je réponds d'après le plan de ${t.name} ; voir « ${input.prefix} aide » pour les commandes.`),
    ),
  };
}
