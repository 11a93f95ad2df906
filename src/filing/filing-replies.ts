import type { FilingOutcome } from "../core/filing-port.ts";
import { context, fields, links, type Reply, reply, text } from "../core/reply.ts";
import { DOCUMENT_TYPE_LABELS } from "../domain/filing/index.ts";
import { type Destination, DOCUMENT_TYPES } from "../domain/filing/types.ts";
import type { FiledDocument } from "../domain/filing-repository.ts";
import { formatSize } from "../domain/text/french/size.ts";

/** The id users type to refer to a document (`deplacer 3f2a9c1d …`). */
export const shortId = (doc: FiledDocument) => doc.id.slice(0, 8);

const link = (doc: FiledDocument) => (doc.url ? [links([{ label: doc.path, url: doc.url }])] : []);

/** One outcome of `ranger` (or of a file posted in the channel), in French. */
export function outcomeReply(outcome: FilingOutcome, prefix: string): Reply {
  switch (outcome.status) {
    case "filed":
      return reply(
        text(`Rangé : ${outcome.doc.path}`),
        ...link(outcome.doc),
        fields(describe(outcome.doc)),
        context(
          `${outcome.destination.reasons.join(" · ")} — Pas au bon endroit ? « ${prefix} deplacer ${shortId(outcome.doc)} <dossier> ».`,
        ),
      );
    case "parked":
      return reply(
        text(
          `Je ne suis pas sûr de l'endroit où ranger « ${outcome.doc.originalName} ». Il attend dans « ${outcome.doc.path} » : où dois-je le ranger ?`,
        ),
        ...link(outcome.doc),
        {
          type: "choices",
          prompt: "Choisissez le dossier :",
          choices: outcome.doc.choices.map((c, i) => ({
            label: c.label === c.folder || c.label.includes(c.folder) ? c.label : `${c.label} — ${c.folder}`,
            command: `deplacer ${shortId(outcome.doc)} ${i + 1}`,
          })),
        },
        context(outcome.destination.reasons.join(" · ")),
      );
    case "duplicate":
      return reply(
        text(
          `Ce document est déjà rangé (même contenu) : ${outcome.doc.path}. Je n'en fais pas de seconde copie.`,
        ),
        ...link(outcome.doc),
      );
    case "spooled":
      return reply(
        text(
          outcome.error.code === "auth"
            ? `L'espace collaboratif refuse l'accès du bot : « ${outcome.doc.originalName} » est gardé en lieu sûr et sera rangé dès que l'administrateur aura corrigé ses identifiants.`
            : `L'espace collaboratif ne répond pas : « ${outcome.doc.originalName} » est gardé en lieu sûr et sera rangé dans « ${outcome.doc.path} » dès qu'il sera de retour. Je vous préviendrai ici.`,
        ),
      );
    case "failed":
      return reply(
        text(
          outcome.error.code === "too-large"
            ? `L'espace collaboratif refuse « ${outcome.doc.originalName} » : trop volumineux pour lui (quota ou limite du serveur). Le fichier est gardé par le bot ; prévenez l'administrateur.`
            : `L'espace collaboratif refuse « ${outcome.doc.originalName} » (${outcome.error.message}). Le fichier est gardé par le bot ; prévenez l'administrateur.`,
        ),
      );
    case "simulated":
      return reply(
        text(`Simulation : je rangerais ce fichier dans « ${simulatedPath(outcome.destination)} ».`),
        ...simulation(outcome.destination),
      );
    case "refused":
      return reply(text(outcome.reason));
  }
}

function simulatedPath(d: Destination): string {
  return d.ask ? `A classer/${d.fileName}` : d.path;
}

function simulation(d: Destination) {
  return [
    fields([
      ["Nom", d.fileName],
      ["Confiance", `${Math.round(d.confidence * 100)} %`],
      ["Question", d.ask ? `oui, entre : ${d.alternatives.map((a) => a.folder).join(" ; ")}` : "non"],
    ]),
    context(d.reasons.join(" · ")),
  ];
}

function describe(doc: FiledDocument): [string, string | null][] {
  return [
    ["Type", DOCUMENT_TYPE_LABELS[DOCUMENT_TYPES.find((t) => t === doc.type) ?? "autre"]],
    ["Instance", doc.instance],
    ["Action", doc.action],
    ["Commune", doc.commune],
    ["Date", doc.date],
    ["Taille", formatSize(doc.size)],
  ];
}

/** A spooled document finally placed: announced in the channel it came from. */
export function placedLaterReply(doc: FiledDocument): Reply {
  return reply(
    text(`L'espace collaboratif est de retour : « ${doc.originalName} » est rangé dans ${doc.path}.`),
    ...link(doc),
  );
}

/** One line per document for `docs`. */
export function docLine(doc: FiledDocument): string {
  const status =
    doc.status === "filed"
      ? ""
      : doc.status === "parked"
        ? " (à classer)"
        : " (en attente de l'espace collaboratif)";
  return `${doc.date ?? doc.createdAt.toISOString().slice(0, 10)} — ${doc.path}${status} [${shortId(doc)}]`;
}
