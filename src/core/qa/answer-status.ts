import { context, list, reply, text } from "../../chat/reply.ts";
import { ACTION_STATUS_LABELS } from "../../domain/model.ts";
import { milestoneLine } from "../present.ts";
import { dontKnow } from "./dont-know.ts";
import { findAction } from "./find-action.ts";
import type { QaInput } from "./qa-input.ts";
import { actionRef, compactRefs, milestoneRef } from "./refs.ts";
import type { Answer } from "./types.ts";

/** "Où en est l'action 3 ?": its status and its next milestone. */
export function answerStatus(input: QaInput): Answer {
  const found = findAction(input, "status");
  if (found && "answer" in found) return found.answer;
  if (!found) {
    return dontKnow(
      input,
      "status",
      "De quelle action parlez-vous ? Donnez son numéro, par exemple « où en est l'action 3 ? ».",
    );
  }
  const a = found.action;
  const next = a.milestones.find((m) => m.end !== null && m.end >= input.today && !m.done);
  const overdue = a.milestones.filter((m) => m.end !== null && m.end < input.today && !m.done);
  const t = input.index.knowledge.territory;
  return {
    intent: "status",
    refs: compactRefs([actionRef(a), next ? milestoneRef(a, next) : null]),
    reply: reply(
      text(
        `Action ${a.number} — ${a.title} : ${ACTION_STATUS_LABELS[a.status]} (statut enregistré dans le plan).`,
      ),
      list([
        next ? `Prochaine échéance : ${milestoneLine(next)}` : "Aucune échéance à venir dans l'échéancier.",
        ...(overdue.length && a.status !== "realisee"
          ? [`Échéances passées non marquées faites : ${overdue.length}`]
          : []),
      ]),
      context(`Source : ${t.name}, ${a.source ?? `fiche action ${a.number}`}.`),
    ),
  };
}
