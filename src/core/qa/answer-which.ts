import { context, list, reply, text } from "../../chat/reply.ts";
import type { Action } from "../../domain/model.ts";
import { ACTION_STATUS_LABELS } from "../../domain/model.ts";
import { stems } from "../../domain/search/french-words.ts";
import { TextSearch } from "../../domain/search/text-search.ts";
import { milestoneLine } from "../present.ts";
import { dontKnow } from "./dont-know.ts";
import { findAction } from "./find-action.ts";
import type { QaInput } from "./qa-input.ts";
import { actionRef } from "./refs.ts";
import type { Answer } from "./types.ts";

const MAX_LISTED = 8;

export function actionsList(input: QaInput, actions: Action[], heading: string): Answer {
  const t = input.index.knowledge.territory;
  const shown = actions.slice(0, MAX_LISTED);
  return {
    intent: "which_actions",
    refs: shown.map(actionRef),
    reply: reply(
      text(heading),
      list(shown.map((a) => `${a.number}. ${a.title}`)),
      ...(actions.length > shown.length
        ? [
            context(
              `… et ${actions.length - shown.length} autres : ${input.prefix} actions${input.q.axisNumber ? ` axe ${input.q.axisNumber}` : ""} page 2.`,
            ),
          ]
        : []),
      context(`Source : plan d'actions de ${t.name}. Détail : ${input.prefix} action <n°>.`),
    ),
  };
}

/** Actions about a theme, a public, a partner, or in one axis. */
/** "L'axe inclusion": the axis a question names by its title rather than its number. */
function axisNamed(input: QaInput): string | null {
  if (input.q.axisNumber !== null) return input.q.axisNumber;
  const after = input.q.text.match(/ axes? ((?:\w+ ){1,3})/);
  if (!after?.[1]) return null;
  const search = new TextSearch<string>(input.index.synonyms);
  for (const axis of input.index.knowledge.axes) search.add(axis.number, [{ text: axis.title, weight: 1 }]);
  return search.search(after[1], { limit: 1, minScore: 0.3 })[0]?.item ?? null;
}

/** Actions about a theme, a public, a partner, or in one axis. */
export function answerWhich(whole: QaInput): Answer {
  const axisNumber = axisNamed(whole);
  const input = axisNumber === whole.q.axisNumber ? whole : { ...whole, q: { ...whole.q, axisNumber } };
  const k = input.index.knowledge;
  const inAxis =
    input.q.axisNumber === null ? k.actions : k.actions.filter((a) => a.axisNumber === input.q.axisNumber);
  if (input.q.axisNumber !== null && !k.axes.some((a) => a.number === input.q.axisNumber)) {
    return dontKnow(
      input,
      "which_actions",
      `Le plan de ${k.territory.name} n'a pas d'axe ${input.q.axisNumber}.`,
    );
  }
  if (axisNumber !== null && whole.q.axisNumber === null) {
    return actionsList(input, inAxis, `Actions de l'axe ${axisNumber} :`);
  }
  const topic = input.topic.replace(/ ?\baxes?\b ?/g, " ").trim();
  if (stems(topic).length === 0) {
    if (inAxis.length === 0)
      return dontKnow(
        input,
        "which_actions",
        `Aucune fiche action n'est enregistrée pour ${k.territory.name}.`,
      );
    return actionsList(
      input,
      inAxis,
      input.q.axisNumber
        ? `Actions de l'axe ${input.q.axisNumber} :`
        : `Actions du plan de ${k.territory.name} :`,
    );
  }
  const hits = input.index.actions.search(topic).filter((h) => inAxis.includes(h.item));
  const best = hits[0]?.score ?? 0;
  const kept = hits.filter((h) => h.score >= Math.max(0.35, best * 0.6)).map((h) => h.item);
  if (kept.length === 0) {
    return dontKnow(
      input,
      "which_actions",
      `Je n'ai trouvé aucune fiche action sur « ${topic} » à ${k.territory.name}.`,
    );
  }
  return actionsList(input, kept, `Actions liées à « ${topic} » :`);
}

/** Show one fiche action, by number or by its words. */
export function answerAction(input: QaInput): Answer {
  const found = findAction(input, "action");
  if (found && "answer" in found) return found.answer;
  if (!found) return answerWhich(input);
  const a = found.action;
  const t = input.index.knowledge.territory;
  return {
    intent: "action",
    refs: [actionRef(a)],
    reply: reply(
      text(`Action ${a.number} — ${a.title} (${ACTION_STATUS_LABELS[a.status]})`),
      ...(a.milestones.length ? [list(a.milestones.map(milestoneLine))] : []),
      context(
        `Fiche complète : ${input.prefix} action ${a.number}. Source : ${t.name}, ${a.source ?? `fiche action ${a.number}`}.`,
      ),
    ),
  };
}
