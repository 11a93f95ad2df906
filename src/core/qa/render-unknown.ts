import { EVENT_KIND_LABELS, type Territory } from "../../domain/model.ts";
import { fieldOf } from "../../domain/qa/facets.ts";
import { compareNumbers } from "../../domain/text/action-number.ts";
import { capitalized, ofName } from "../../domain/text/french-names.ts";
import { documentName, joinFr } from "../knowledge-context.ts";
import { eventLine } from "../present.ts";
import { type Block, context, list, text } from "../reply.ts";
import type { Entity } from "./entities.ts";
import type { UnknownReason } from "./plan-answer.ts";

/** What is missing, said after « ne précise pas » / « ne donne pas ». */
const MISSING_FIELD: Record<string, string> = {
  pilote: "de pilote",
  partenaires: "de partenaires",
  public_cible: "de public cible",
  constat: "de constat",
  objectifs: "d'objectifs",
  moyens: "de moyens",
  indicateurs: "d'indicateurs",
  resultats_attendus: "de résultats attendus",
  echeancier: "d'échéancier daté",
  composition: "de composition",
  role: "de rôle",
  frequence: "de fréquence de réunion",
  secretariat: "de secrétariat",
  animation: "d'animateur",
  adresse: "d'adresse",
  contact: "d'adresse électronique",
  signature: "de date de signature de la convention",
  debut: "de date de début de la convention",
  fin: "de date de fin de la convention",
  duree: "de durée de la convention (il lui manque une date de début ou de fin)",
  preavis: "de préavis de dénonciation",
  signataires: "la liste des signataires",
  partenaires_territoire: "la liste des partenaires",
  enjeux: "d'enjeux",
  texte: "de texte",
  lieu: "de lieu",
};

/** A choice that shows the entity: a command of the bot. */
export function choiceFor(e: Entity): { label: string; command: string } {
  switch (e.kind) {
    case "action":
      return { label: `Action ${e.action.number} — ${e.action.title}`, command: `action ${e.action.number}` };
    case "milestone":
      return {
        label: `Action ${e.action.number} — ${e.milestone.label}`,
        command: `action ${e.action.number}`,
      };
    case "axis":
      return { label: `Axe ${e.axis.number} — ${e.axis.title}`, command: `actions axe ${e.axis.number}` };
    case "glossary":
      return { label: `${e.acronym} — ${e.entries[0]?.expansion ?? ""}`, command: `sigle ${e.acronym}` };
    case "equipment":
      return {
        label: `${e.equipment.name} (${e.equipment.commune})`,
        command: `equipements ${e.equipment.commune}`,
      };
    case "event":
      return { label: e.event.title, command: "agenda" };
    case "person":
      return { label: e.person.name, command: "referents" };
    case "instance":
      return { label: e.instance.name, command: "convention" };
    case "rule":
      return {
        label: e.rule.text.length > 70 ? `${e.rule.text.slice(0, 69)}…` : e.rule.text,
        command: "convention",
      };
    case "territory":
      return { label: `Convention ${ofName(e.territory)}`, command: "convention" };
  }
}

function entityName(e: Entity): string {
  switch (e.kind) {
    case "action":
      return `La fiche action ${e.action.number} (${e.action.title})`;
    case "instance":
      return `Le plan, pour ${e.instance.name},`;
    case "equipment":
      return `Le plan, pour ${e.equipment.name} (${e.equipment.commune}),`;
    case "person":
      return `Le plan, pour ${e.person.name},`;
    case "territory":
      return documentName(e.territory.source).the;
    default:
      return "Le plan";
  }
}

/** The honest answer: what is not in the plan, said plainly, with the nearest things it has. */
export function renderUnknown(
  reason: UnknownReason,
  near: Entity[],
  t: Territory,
  numbers: string[],
): Block[] {
  const plan = `le plan ${ofName(t)}`;
  const blocks: Block[] = [];
  switch (reason.code) {
    case "no_such_action": {
      const sorted = [...numbers].sort(compareNumbers);
      const span = sorted.length
        ? ` Les fiches vont de ${sorted[0]} à ${sorted.at(-1)}.`
        : " Ce plan n'a pas encore de fiche action.";
      blocks.push(text(`Je n'ai pas trouvé d'action ${reason.number} dans ${plan}.${span}`));
      break;
    }
    case "no_such_axis":
      blocks.push(text(`${capitalized(plan)} n'a pas d'axe ${reason.number}.`));
      break;
    case "absent":
      blocks.push(text(`Ce n'est pas dans ${plan} : il ne donne pas ${reason.label}.`));
      break;
    case "missing_field": {
      const field = fieldOf(reason.facet);
      const what =
        reason.facet === "territory.partenaires"
          ? MISSING_FIELD.partenaires_territoire
          : MISSING_FIELD[field];
      blocks.push(text(`${entityName(reason.entity)} ne donne pas ${what ?? "cette information"}.`));
      break;
    }
    case "no_event": {
      const kinds = [
        ...new Set(reason.candidate.entities.map((e) => (e.kind === "event" ? e.event.kind : null))),
      ];
      const label = kinds.length === 1 && kinds[0] ? EVENT_KIND_LABELS[kinds[0]] : "réunion";
      blocks.push(
        text(
          `Aucune date de ${label.toLowerCase()} correspondant à votre question n'est enregistrée dans ${plan}.`,
        ),
      );
      if (reason.last?.kind === "event")
        blocks.push(text(`Dernière date connue : ${eventLine(reason.last.event, t.timezone)}`));
      break;
    }
    case "empty_set": {
      const f = reason.candidate.filters ?? {};
      const where = f.communes?.length ? ` à ${joinFr(f.communes)}` : "";
      if (reason.candidate.kind === "person") {
        blocks.push(text(`${capitalized(plan)} ne nomme personne pour ce rôle${where}.`));
      } else {
        const types = f.types?.length ? ` ${joinFr(f.types)}` : "";
        blocks.push(text(`Aucun équipement${types} n'est recensé${where} dans ${plan}.`));
      }
      break;
    }
    case "no_nth": {
      const n = reason.known.length;
      blocks.push(
        text(
          `Le plan ne donne que ${n} date${n > 1 ? "s" : ""} pour cela ; il n'en mentionne pas de ${reason.ordinal}e.`,
        ),
      );
      const lines = reason.known.flatMap((e) => (e.kind === "event" ? [eventLine(e.event, t.timezone)] : []));
      if (lines.length) blocks.push(list(lines));
      break;
    }
    case "no_definition":
      blocks.push(
        text(`Je ne connais pas « ${reason.acronym} » : ni le glossaire ni ${plan} ne le définissent.`),
      );
      break;
    case "no_actions":
      blocks.push(text(`${capitalized(plan)} ne contient pas encore de fiche action.`));
      break;
    case "not_in_plan":
      blocks.push(text(`Ce n'est pas dans ${plan}, ou je n'ai pas compris la question.`));
      break;
  }
  const choices = near.slice(0, 3).map(choiceFor);
  if (choices.length) blocks.push({ type: "choices", prompt: "Le plus proche dans le plan :", choices });
  else
    blocks.push(
      context(
        "Exemples : « qui pilote l'action 3 ? », « quand est le prochain copil ? », « qu'est-ce qu'un LAEP ? ».",
      ),
    );
  return blocks;
}
