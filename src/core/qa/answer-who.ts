import { context, list, reply, text } from "../../chat/reply.ts";
import type { Person } from "../../domain/knowledge.ts";
import type { Action, EventKind } from "../../domain/model.ts";
import { normalizeText } from "../../domain/text/normalize.ts";
import { dontKnow } from "./dont-know.ts";
import { findAction } from "./find-action.ts";
import { findCommune, withoutTerritoryName } from "./find-commune.ts";
import type { QaInput } from "./qa-input.ts";
import { actionRef, instanceRef, personRef, territoryRef } from "./refs.ts";
import type { Answer } from "./types.ts";

function actionPeople(input: QaInput, action: Action): Answer {
  const t = input.index.knowledge.territory;
  const lines = [
    action.pilote ? `Pilote : ${action.pilote}` : "La fiche ne nomme pas de pilote.",
    ...(action.partenaires.length ? [`Partenaires : ${action.partenaires.join(", ")}`] : []),
  ];
  return {
    intent: "who",
    refs: [actionRef(action)],
    reply: reply(
      text(`Action ${action.number} — ${action.title}`),
      list(lines),
      context(`Source : ${t.name}, ${action.source ?? `fiche action ${action.number}`}.`),
    ),
  };
}

function referents(input: QaInput): Answer | null {
  if (!/ referents? /.test(input.q.text)) return null;
  const k = input.index.knowledge;
  const commune = findCommune(withoutTerritoryName(input), k.communes);
  const roles = new Set(
    / elus? /.test(input.q.text)
      ? ["referent_elu"]
      : / technique /.test(input.q.text)
        ? ["referent_technique"]
        : ["referent_elu", "referent_technique"],
  );
  const found = k.persons.filter((p) =>
    p.roles.some((r) => roles.has(r.role) && (commune === null || r.commune === commune.name)),
  );
  if (found.length) {
    return {
      intent: "who",
      refs: found.map(personRef),
      reply: reply(
        list(found.map((p) => `${p.name}${p.title ? `, ${p.title}` : ""}`)),
        context(`Source : plan de ${k.territory.name}.`),
      ),
    };
  }
  const rule = k.rules.find((r) => r.key === "referents-par-commune" || r.key === "referents-mise-a-jour");
  return dontKnow(
    input,
    "who",
    `Aucun référent CTG n'est enregistré${commune ? ` pour ${commune.name}` : ""} dans le plan de ${k.territory.name}.${rule ? ` Règle : ${rule.text}` : ""}`,
  );
}

function instanceAnswer(input: QaInput): Answer | null {
  const k = input.index.knowledge;
  const kinds: EventKind[] = input.q.eventKinds.filter((kind) => kind !== "signature");
  const asksMembers =
    / (siege|sieger|composition|compose|membres?|participe|participent|anime|animation|fait|evaluation) /.test(
      input.q.text,
    );
  if (!kinds.length && !asksMembers) return null;
  const ofKind = k.instances.filter((i) => kinds.includes(i.kind));
  const ranked = input.index.instances
    .search(input.topic, { minScore: 0.4 })
    .map((h) => h.item)
    .filter((i) => ofKind.length === 0 || ofKind.includes(i));
  const instance = ranked[0] ?? ofKind[0];
  if (!instance) return null;
  return {
    intent: "who",
    refs: [instanceRef(instance)],
    reply: reply(
      text(instance.name),
      list([
        instance.composition ? `Composition : ${instance.composition}` : "La composition n'est pas précisée.",
        ...(instance.role ? [`Rôle : ${instance.role}`] : []),
        ...(instance.animation ? [`Animation : ${instance.animation}`] : []),
        ...(instance.secretariat ? [`Secrétariat : ${instance.secretariat}`] : []),
      ]),
      context(`Source : ${instance.source ?? k.territory.name}.`),
    ),
  };
}

function isSignatory(p: Person, signatories: readonly string[]): boolean {
  const name = normalizeText(p.name);
  return (
    signatories.some((s) => normalizeText(s).includes(name)) ||
    [p.title ?? "", ...p.roles.map((r) => r.detail ?? "")].some((t) => /signataire/i.test(t))
  );
}

function personAnswer(input: QaInput): Answer | null {
  const k = input.index.knowledge;
  // "Qui a signé pour l'agglo ?": among the signatories, the one the words point to.
  const signed = / (signe|signee|signataires?) /.test(input.q.text);
  const pool = signed ? k.persons.filter((p) => isSignatory(p, k.territory.signatories)) : k.persons;
  const hits = input.index.persons.search(input.topic).filter((h) => pool.includes(h.item));
  const best = hits[0];
  if (!best || best.score < (signed ? 0.35 : 0.6)) return null;
  // Equally good matches (two CAF signatories) are all given, in the plan's order.
  const tied = hits.filter((h) => h.score >= best.score - 0.02).map((h) => h.item);
  const persons = k.persons.filter((p) => tied.includes(p)).slice(0, 4);
  return {
    intent: "who",
    refs: persons.map(personRef),
    reply: reply(
      list(
        persons.map(
          (p) => `${p.name}${p.title ? `, ${p.title}` : ""}${p.organisation ? ` (${p.organisation})` : ""}`,
        ),
      ),
      context(`Source : plan de ${k.territory.name}.`),
    ),
  };
}

/** Words that ask for a named person: answering them with an action would be a guess. */
const PERSON_ROLE =
  / (coordinat\w*|coordonnat\w*|president\w*|vice president\w*|directeur|directrice|maire|charge\w* de cooperation|chef de service|responsable|elu|elue|adjoint\w*) /;

export function answerWho(input: QaInput): Answer {
  const k = input.index.knowledge;
  const byNumber = input.q.actionNumbers.length ? findAction(input, "who") : null;
  if (byNumber && "answer" in byNumber) return byNumber.answer;
  if (byNumber) return actionPeople(input, byNumber.action);
  const ref = referents(input);
  if (ref) return ref;
  // "Qui a signé … pour la CAF ?" asks for a signatory, not for an instance the CAF sits on.
  const signed = / (signe|signee|signataires?) /.test(input.q.text);
  const person = signed ? personAnswer(input) : null;
  if (person) return person;
  const instance = instanceAnswer(input);
  if (instance) return instance;
  const named = signed ? null : personAnswer(input);
  if (named) return named;
  if (PERSON_ROLE.test(input.q.text)) {
    return dontKnow(input, "who", `Le plan de ${k.territory.name} ne nomme pas cette personne.`);
  }
  const byWords = findAction(input, "who");
  if (byWords && "action" in byWords) return actionPeople(input, byWords.action);
  if (/ (signataires?|signe|signee) /.test(input.q.text)) {
    return {
      intent: "who",
      refs: [territoryRef(k.territory.slug)],
      reply: reply(
        list(k.territory.signatories.slice(0, 10)),
        context(`Source : ${k.territory.source ?? k.territory.name}.`),
      ),
    };
  }
  return dontKnow(input, "who", `Je n'ai trouvé personne pour cela dans le plan de ${k.territory.name}.`);
}
