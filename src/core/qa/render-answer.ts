import type { Territory } from "../../domain/model.ts";
import { ACTION_STATUS_LABELS } from "../../domain/model.ts";
import { type FacetKey, fieldOf } from "../../domain/qa/facets.ts";
import { ofName } from "../../domain/text/french-names.ts";
import { formatDateFr } from "../../domain/time/french-format.ts";
import { addMonths } from "../../domain/time/zoned.ts";
import { actionsSource, documentName, joinFr } from "../knowledge-context.ts";
import { actionSource, durationFr, eventLine, milestoneLine, plural } from "../present.ts";
import { type Block, context, list, text } from "../reply.ts";
import type { Entity, EntityOf } from "./entities.ts";
import { entityRef } from "./entities.ts";
import { fieldValue } from "./field-values.ts";
import { compactRefs, milestoneRef } from "./refs.ts";
import type { Ref } from "./types.ts";

/** What an answer shows: its blocks and the facts it cites, best first. */
export interface Rendered {
  blocks: Block[];
  refs: Ref[];
}

/** How a field is named in a sentence: « Public cible de l'action 3 ». */
export const FIELD_LABELS: Record<string, string> = {
  pilote: "Pilote",
  partenaires: "Partenaires",
  public_cible: "Public cible",
  constat: "Constat",
  objectifs: "Objectifs",
  moyens: "Moyens",
  indicateurs: "Indicateurs d'évaluation",
  resultats_attendus: "Résultats attendus",
  echeancier: "Échéancier",
  composition: "Composition",
  role: "Rôle",
  frequence: "Fréquence",
  secretariat: "Secrétariat",
  animation: "Animation",
};

const day = (iso: string) => formatDateFr(iso, { weekday: false });
const asList = (v: string | string[] | null): string[] => (v === null ? [] : Array.isArray(v) ? v : [v]);

function quoted(label: string, value: string | string[] | null): Block[] {
  const items = asList(value);
  if (items.length === 1) return [text(`${label} : ${items[0]}`)];
  return [text(`${label} :`), list(items)];
}

function actionAnswer(
  t: Territory,
  e: EntityOf<"action">,
  facet: FacetKey,
  today: string,
  whenAsked: boolean,
): Rendered {
  const a = e.action;
  const source = context(actionSource(t, a));
  const field = fieldOf(facet);
  if (facet === "action.statut") {
    const next = a.milestones.find((m) => m.end !== null && m.end >= today && !m.done);
    const overdue = a.milestones.filter((m) => m.end !== null && m.end < today && !m.done);
    return {
      refs: compactRefs([entityRef(e, t.timezone), next ? milestoneRef(a, next) : null]),
      blocks: [
        text(
          `Action ${a.number} — ${a.title} : ${ACTION_STATUS_LABELS[a.status]} (statut enregistré dans le plan).`,
        ),
        list([
          next ? `Prochaine échéance : ${milestoneLine(next)}` : "Aucune échéance à venir dans l'échéancier.",
          ...(overdue.length && a.status !== "realisee"
            ? [`Échéances passées non marquées faites : ${overdue.length}`]
            : []),
        ]),
        source,
      ],
    };
  }
  if (facet === "action.echeancier") {
    return {
      // « Quand … ? » : its milestones first; « l'échéancier de la fiche 12 » : the fiche first.
      refs: compactRefs(
        whenAsked
          ? [...a.milestones.map((m) => milestoneRef(a, m)), entityRef(e, t.timezone)]
          : [entityRef(e, t.timezone), ...a.milestones.map((m) => milestoneRef(a, m))],
      ),
      blocks: [
        text(`Échéancier de l'action ${a.number} (${a.title}) :`),
        a.milestones.length ? list(a.milestones.map(milestoneLine)) : text(`« ${a.echeancier ?? ""} »`),
        source,
      ],
    };
  }
  if (facet === "action.titre") {
    return {
      refs: compactRefs([entityRef(e, t.timezone)]),
      blocks: [
        text(`Action ${a.number} — ${a.title} (${ACTION_STATUS_LABELS[a.status]})`),
        ...(a.objective ? [text(`Objectif : ${a.objective}`)] : []),
        ...(a.milestones.length ? [list(a.milestones.map(milestoneLine))] : []),
        context(`Fiche complète : « action ${a.number} ». ${actionSource(t, a)}`),
      ],
    };
  }
  return {
    refs: compactRefs([entityRef(e, t.timezone)]),
    blocks: [
      text(`Action ${a.number} — ${a.title}`),
      ...quoted(FIELD_LABELS[field] ?? field, fieldValue(e, facet)),
      source,
    ],
  };
}

function actionList(t: Territory, actions: EntityOf<"action">[], heading: string, prefix: string): Rendered {
  const shown = actions.slice(0, 10);
  return {
    refs: compactRefs(shown.map((a) => entityRef(a, t.timezone))),
    blocks: [
      text(heading),
      list(shown.map((a) => `${a.action.number}. ${a.action.title}`)),
      ...(actions.length > shown.length
        ? [context(`… et ${actions.length - shown.length} autres : ${prefix} actions.`)]
        : []),
      context(
        `${actionsSource(
          t,
          shown.map((a) => a.action),
        )} Détail : ${prefix} action <n°>.`,
      ),
    ],
  };
}

function milestonesAnswer(t: Territory, chosen: EntityOf<"milestone">[]): Rendered {
  const first = chosen[0];
  if (!first) return { refs: [], blocks: [] };
  const a = first.action;
  const rest = a.milestones.filter((m) => !chosen.some((c) => c.milestone === m));
  return {
    refs: compactRefs([...chosen.map((c) => milestoneRef(a, c.milestone)), { type: "action", id: a.number }]),
    blocks: [
      text(`${milestoneLine(first.milestone)} (action ${a.number} — ${a.title}).`),
      ...(rest.length || chosen.length > 1
        ? [text("Échéancier complet de la fiche :"), list(a.milestones.map(milestoneLine))]
        : []),
      context(actionSource(t, a)),
    ],
  };
}

function territoryAnswer(
  t: Territory,
  e: EntityOf<"territory">,
  facet: FacetKey,
  communes: readonly string[],
  signatures: string[],
): Rendered {
  const ref = [entityRef(e, t.timezone)];
  const source = context(`Source : ${t.source ?? t.name}.`);
  const title = t.conventionTitle ?? `Convention territoriale globale ${ofName(t)}`;
  const the = documentName(t.source).the;
  const sentence = (s: string): Rendered => ({ refs: compactRefs(ref), blocks: [text(s), source] });
  switch (facet) {
    case "territory.debut":
      return sentence(
        `${title} : début le ${day(t.conventionStart ?? "")}${t.conventionEnd ? `, fin le ${day(t.conventionEnd)}` : ""}.`,
      );
    case "territory.fin":
      return sentence(
        `${title} : fin le ${day(t.conventionEnd ?? "")}${t.conventionStart ? ` (début le ${day(t.conventionStart)})` : ""}.`,
      );
    case "territory.duree":
      return sentence(
        `${title} : ${durationFr(t.conventionStart ?? "", t.conventionEnd ?? "")}, du ${day(t.conventionStart ?? "")} au ${day(t.conventionEnd ?? "")}.`,
      );
    case "territory.preavis": {
      const limit =
        t.conventionEnd && t.noticeMonths !== null
          ? `, soit au plus tard le ${day(addMonths(t.conventionEnd, -t.noticeMonths))}`
          : "";
      return sentence(
        `Préavis de dénonciation : ${t.noticeMonths} mois avant la fin de la convention${limit}.`,
      );
    }
    case "territory.signature": {
      const lines = [...(t.signedOn ? [`Signée le ${day(t.signedOn)}.`] : []), ...signatures];
      return {
        refs: compactRefs(ref),
        blocks: [
          ...(lines.length ? [list(lines)] : [text(`${the} ne donne pas de date de signature.`)]),
          ...(t.signatories.length ? [text(`${plural(t.signatories.length, "signataire")}.`)] : []),
          source,
        ],
      };
    }
    case "territory.signataires":
      return {
        refs: compactRefs(ref),
        blocks: [...quoted(`Signataires (${t.signatories.length})`, t.signatories), source],
      };
    case "territory.partenaires":
      return {
        refs: compactRefs(ref),
        blocks: [...quoted("Partenaires de la convention", t.partners), source],
      };
    case "territory.communes": {
      if (communes.length) {
        return {
          refs: compactRefs(ref),
          blocks: [text(`${plural(communes.length, "commune")} : ${joinFr([...communes])}.`), source],
        };
      }
      return {
        refs: compactRefs(ref),
        blocks: [text(t.description ?? `Le plan ${ofName(t)} ne liste pas ses communes.`), source],
      };
    }
    default:
      return {
        refs: compactRefs(ref),
        blocks: [
          text(t.name),
          ...(t.description ? [text(t.description)] : []),
          ...(t.conventionStart && t.conventionEnd
            ? [text(`${title} : du ${day(t.conventionStart)} au ${day(t.conventionEnd)}.`)]
            : []),
          source,
        ],
      };
  }
}

export interface RenderContext {
  territory: Territory;
  today: string;
  prefix: string;
  /** The plan's communes, for « combien de communes ». */
  communes: readonly string[];
  /** Signature events, as lines. */
  signatures: string[];
  /** The words the question was about, for a list's heading. */
  topic: string;
  /** « Quand … ? »: a date was asked (an échéancier then cites its milestones first). */
  whenAsked: boolean;
}

/** The reply for an answer: the field asked, quoted from the plan, with its source. */
export function renderAnswer(facet: FacetKey, entities: Entity[], ctx: RenderContext): Rendered {
  const t = ctx.territory;
  const zone = t.timezone;
  const first = entities[0];
  if (!first) return { refs: [], blocks: [] };
  switch (first.kind) {
    case "action": {
      const actions = entities.filter((e): e is EntityOf<"action"> => e.kind === "action");
      if (actions.length > 1) {
        const heading = ctx.topic
          ? `Actions liées à « ${ctx.topic} » :`
          : `${plural(actions.length, "fiche action", "fiches actions")} :`;
        return actionList(t, actions, heading, ctx.prefix);
      }
      return actionAnswer(t, first, facet, ctx.today, ctx.whenAsked);
    }
    case "milestone":
      return milestonesAnswer(
        t,
        entities.filter((e): e is EntityOf<"milestone"> => e.kind === "milestone"),
      );
    case "axis": {
      const axes = entities.filter((e): e is EntityOf<"axis"> => e.kind === "axis");
      const lines = axes.map((a) =>
        facet === "axis.enjeux" && a.axis.enjeux.length
          ? `Axe ${a.axis.number} — ${a.axis.title} : ${a.axis.enjeux.map((x) => x.title).join(" ; ")}`
          : `Axe ${a.axis.number} — ${a.axis.title}`,
      );
      const single = axes.length === 1 ? axes[0] : undefined;
      const blocks: Block[] =
        single && facet === "axis.enjeux"
          ? [
              text(`Enjeux de l'axe ${single.axis.number} (${single.axis.title}) :`),
              list(
                single.axis.enjeux.map((x) =>
                  x.objectifs.length ? `${x.title} — ${x.objectifs.join(" ; ")}` : x.title,
                ),
              ),
            ]
          : [
              text(axes.length > 1 ? `Les ${axes.length} axes du plan ${ofName(t)} :` : "Axe du plan :"),
              list(lines),
            ];
      return {
        refs: compactRefs(axes.map((a) => entityRef(a, zone))),
        blocks: [
          ...blocks,
          context(`Source : ${t.source ?? t.name}. Fiches d'un axe : ${ctx.prefix} actions axe <n°>.`),
        ],
      };
    }
    case "instance": {
      const i = first.instance;
      const field = fieldOf(facet);
      const value = fieldValue(first, facet);
      return {
        refs: compactRefs([entityRef(first, zone)]),
        blocks: [
          ...(facet === "instance.role"
            ? [text(`${i.name} : ${i.role ?? "son rôle n'est pas précisé."}`)]
            : quoted(`${FIELD_LABELS[field] ?? field} — ${i.name}`, value)),
          ...(facet === "instance.role" && i.composition ? [text(`Composition : ${i.composition}`)] : []),
          context(`Source : ${i.source ?? t.name}.`),
        ],
      };
    }
    case "event": {
      const events = entities.filter((e): e is EntityOf<"event"> => e.kind === "event");
      const sources = [...new Set(events.map((e) => e.event.source).filter((s): s is string => s !== null))];
      return {
        refs: compactRefs(events.map((e) => entityRef(e, zone))),
        blocks: [
          list(events.map((e) => eventLine(e.event, zone))),
          ...(events.some((e) => e.event.example)
            ? [context("« exemple de démonstration » : date d'exemple, pas une date officielle.")]
            : []),
          context(`Source : ${sources.length ? sources.join(" ; ") : t.name}.`),
        ],
      };
    }
    case "equipment": {
      const found = entities.filter((e): e is EntityOf<"equipment"> => e.kind === "equipment");
      const shown = found.slice(0, 10);
      return {
        refs: compactRefs(shown.map((e) => entityRef(e, zone))),
        blocks: [
          ...(found.length > 1 ? [text(`${plural(found.length, "équipement")} :`)] : []),
          list(
            shown.map(
              (e) =>
                `${e.equipment.type} — ${e.equipment.name}${e.equipment.address ? ` — ${e.equipment.address}` : ""} (${e.equipment.commune})`,
            ),
          ),
          ...(found.length > shown.length
            ? [context(`… et ${found.length - shown.length} autres : ${ctx.prefix} equipements.`)]
            : []),
          context(`Source : ${t.name}, liste des équipements de la convention.`),
        ],
      };
    }
    case "glossary": {
      const entries = first.entries;
      return {
        refs: compactRefs([entityRef(first, zone)]),
        blocks: [
          text(`${first.acronym} :`),
          list(entries.map((g) => `${g.expansion}${g.explanation ? ` — ${g.explanation}` : ""}`)),
          ...(entries.length > 1 ? [context("Plusieurs sens : le premier est celui de la CTG.")] : []),
          context(
            entries[0]?.origin === "territory"
              ? `Source : plan ${ofName(t)}.`
              : "Source : glossaire du bot CTG.",
          ),
        ],
      };
    }
    case "person": {
      const persons = entities.filter((e): e is EntityOf<"person"> => e.kind === "person").slice(0, 6);
      const line = (p: EntityOf<"person">["person"]) =>
        facet === "person.contact"
          ? `${p.name} : ${p.email}`
          : `${p.name}${p.title ? `, ${p.title}` : ""}${p.organisation ? ` (${p.organisation})` : ""}`;
      return {
        refs: compactRefs(persons.map((p) => entityRef(p, zone))),
        blocks: [list(persons.map((p) => line(p.person))), context(`Source : plan ${ofName(t)}.`)],
      };
    }
    case "territory":
      return territoryAnswer(t, first, facet, ctx.communes, ctx.signatures);
    case "rule":
      return {
        refs: compactRefs([entityRef(first, zone)]),
        blocks: [
          text(`« ${first.rule.text} »`),
          context(`Source : ${first.rule.source ?? t.source ?? t.name}.`),
        ],
      };
  }
}
