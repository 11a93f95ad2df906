import { context, reply, text } from "../../chat/reply.ts";
import { EVENT_KIND_LABELS } from "../../domain/model.ts";
import { askedTypes, equipmentAnswer } from "./answer-where.ts";
import { actionsList } from "./answer-which.ts";
import { dontKnow } from "./dont-know.ts";
import { findCommune, withoutTerritoryName } from "./find-commune.ts";
import type { QaInput } from "./qa-input.ts";
import { instanceRef, territoryRef } from "./refs.ts";
import type { Answer } from "./types.ts";

export function answerHowMany(input: QaInput): Answer {
  const k = input.index.knowledge;
  const t = input.q.text;
  if (input.q.eventKinds.length) {
    const instance = k.instances.find((i) => input.q.eventKinds.includes(i.kind));
    const rule = k.rules.find((r) =>
      r.key.startsWith(input.q.eventKinds[0]?.replace(/_/g, "-").replace("journee", "journees") ?? "-"),
    );
    if (instance || rule) {
      const label = EVENT_KIND_LABELS[input.q.eventKinds[0] ?? "autre"];
      const freq = instance?.frequency ?? rule?.text ?? null;
      const min = instance?.minPerYear;
      return {
        intent: "how_many",
        refs: instance ? [instanceRef(instance)] : [territoryRef(k.territory.slug)],
        reply: reply(
          text(`${label} : ${freq ?? (min ? `au moins ${min} par an` : "fréquence non précisée")}.`),
          context(`Source : ${instance?.source ?? rule?.source ?? k.territory.name}.`),
        ),
      };
    }
  }
  if (/ (actions?|fiches?) /.test(t)) {
    const inAxis =
      input.q.axisNumber === null ? k.actions : k.actions.filter((a) => a.axisNumber === input.q.axisNumber);
    if (k.actions.length === 0)
      return dontKnow(input, "how_many", `Aucune fiche action n'est enregistrée pour ${k.territory.name}.`);
    const answer = actionsList(
      input,
      inAxis,
      `${inAxis.length} fiche${inAxis.length > 1 ? "s" : ""} action${input.q.axisNumber ? ` dans l'axe ${input.q.axisNumber}` : ` dans le plan de ${k.territory.name}`} :`,
    );
    return { ...answer, intent: "how_many" };
  }
  if (/ (habitants?|population) /.test(t)) {
    const sentence = (k.territory.description ?? "")
      .split(/(?<=[.;:])\s+/)
      .find((x) => /habitant|population/i.test(x));
    if (!sentence)
      return dontKnow(input, "how_many", `Le plan de ${k.territory.name} ne donne pas sa population.`);
    return {
      intent: "how_many",
      refs: [territoryRef(k.territory.slug)],
      reply: reply(text(sentence), context(`Source : ${k.territory.source ?? k.territory.name}.`)),
    };
  }
  if (/ communes? /.test(t)) {
    return {
      intent: "how_many",
      refs: [territoryRef(k.territory.slug)],
      reply: reply(
        text(
          k.communes.length
            ? `${k.communes.length} communes sont enregistrées pour ${k.territory.name}.`
            : `Le plan de ${k.territory.name} ne liste pas ses communes.`,
        ),
        context(`Source : ${k.territory.source ?? k.territory.name}.`),
      ),
    };
  }
  if (/ axes? /.test(t)) {
    return {
      intent: "how_many",
      refs: [territoryRef(k.territory.slug)],
      reply: reply(
        text(`${k.axes.length} axes : ${k.axes.map((a) => `${a.number}. ${a.title}`).join(" ; ")}`),
        context(`Source : ${k.territory.source ?? k.territory.name}.`),
      ),
    };
  }
  const types = askedTypes(input, k.equipment);
  const commune = findCommune(withoutTerritoryName(input), k.communes);
  if (types.length || commune || / (equipements?|structures?) /.test(t)) {
    const found = k.equipment.filter(
      (e) =>
        (commune === null || e.commune === commune.name) && (types.length === 0 || types.includes(e.type)),
    );
    if (found.length) {
      const answer = equipmentAnswer(input, found, "how_many");
      return {
        ...answer,
        reply: reply(
          text(`${found.length} équipement${found.length > 1 ? "s" : ""} :`),
          ...answer.reply.blocks,
        ),
      };
    }
  }
  return dontKnow(input, "how_many", `Je ne trouve pas ce nombre dans le plan de ${k.territory.name}.`);
}
