import { type FacetKey, fieldOf, kindOf } from "../../domain/qa/facets.ts";
import { ofName } from "../../domain/text/french-names.ts";
import { localDate } from "../../domain/time/zoned.ts";
import { eventLine } from "../present.ts";
import { context, reply } from "../reply.ts";
import type { KnowledgeIndex } from "./knowledge-index.ts";
import { type Plan, planAnswer } from "./plan-answer.ts";
import { type Reading, readQuestion } from "./read-question.ts";
import { renderAnswer } from "./render-answer.ts";
import { renderUnknown } from "./render-unknown.ts";
import type { Answer, Intent } from "./types.ts";

export interface AskOptions {
  now: Date;
  prefix: string;
  /** Words to leave out of the topic: the name of a territory the question named. */
  ignore?: readonly string[];
  /** A reading already made (by the language model, docs/questions.md); else the question is read here. */
  reading?: Reading;
}

/** The `ask --json` intent of an answer, from what it is about and the field it gives. */
export function intentOf(plan: Plan, reading: Reading): Intent {
  if (plan.type === "unknown") {
    if (reading.count) return "how_many";
    const asked = [...reading.facets.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    return asked ? intentOfFacet(asked, reading, 1) : "unknown";
  }
  return intentOfFacet(plan.facet, reading, plan.entities.length);
}

function intentOfFacet(facet: FacetKey, reading: Reading, n: number): Intent {
  const kind = kindOf(facet);
  if (reading.count) return "how_many";
  switch (kind) {
    case "action":
      if (n > 1) return "which_actions";
      if (facet === "action.pilote" || facet === "action.partenaires") return "who";
      if (facet === "action.statut") return "status";
      if (facet === "action.echeancier") return "when";
      return "action";
    case "milestone":
      return "when";
    case "axis":
      return facet === "axis.actions" ? "which_actions" : "what_is";
    case "instance":
      if (facet === "instance.frequence") return "how_many";
      return facet === "instance.role" ? "what_is" : "who";
    case "event":
      return facet === "event.lieu" ? "where" : "when";
    case "equipment":
      return "where";
    case "glossary":
      return "what_is";
    case "person":
      return "who";
    case "territory":
      if (facet === "territory.communes") return "how_many";
      if (facet === "territory.presentation") return "what_is";
      return "convention";
    case "rule":
      return "what_is";
  }
}

/** Answers a free question from one territory's index: intent, facet, facts (refs) and a French reply. */
export function answerQuestion(question: string, index: KnowledgeIndex, options: AskOptions): Answer {
  const k = index.knowledge;
  const t = k.territory;
  const reading = options.reading ?? readQuestion(question, index, options.ignore ?? []);
  const plan = planAnswer(reading, index, options.now);
  const intent = intentOf(plan, reading);
  const source = context(
    `Je réponds d'après le plan ${ofName(t)} ; « ${options.prefix} aide » liste les commandes.`,
  );
  if (plan.type === "unknown") {
    return {
      intent,
      facet: null,
      refs: [],
      reply: reply(
        ...renderUnknown(
          plan.reason,
          plan.near,
          t,
          k.actions.map((a) => a.number),
        ),
        source,
      ),
    };
  }
  const rendered = renderAnswer(plan.facet, plan.entities, {
    territory: t,
    today: localDate(options.now, t.timezone),
    prefix: options.prefix,
    communes: k.communes.map((c) => c.name),
    signatures: k.events.filter((e) => e.kind === "signature").map((e) => eventLine(e, t.timezone)),
    topic: reading.concepts.map((c) => c.word).join(" "),
    whenAsked: (reading.facets.get("milestone.date") ?? 0) >= 1,
  });
  if (rendered.blocks.length === 0) {
    // Never an empty reply: a plan with nothing to show is said so.
    return {
      intent,
      facet: null,
      refs: [],
      reply: reply(...renderUnknown({ code: "not_in_plan" }, [], t, []), source),
    };
  }
  return { intent, facet: fieldOf(plan.facet), refs: rendered.refs, reply: reply(...rendered.blocks) };
}
