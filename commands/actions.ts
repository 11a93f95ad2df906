import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { freeText, loadKnowledge } from "../src/core/knowledge-context.ts";
import { moreHint, pageLabel, paginate, takePage } from "../src/core/paginate.ts";
import { plural } from "../src/core/present.ts";
import type { KnowledgeIndex } from "../src/core/qa/knowledge-index.ts";
import { searchEntities } from "../src/core/qa/retrieve.ts";
import { type Block, context, heading, list, reply, text } from "../src/core/reply.ts";
import { ACTION_STATUS_LABELS, type Action, type ActionStatus } from "../src/domain/model.ts";
import { ofName, theName, toName } from "../src/domain/text/french-names.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";

export interface ActionFilters {
  axis?: string;
  status?: ActionStatus;
  words?: string;
  page: number;
}

/** Status words as people type them, accents optional: "en cours", "à lancer", "réalisées"… */
const STATUS_WORDS: [RegExp, ActionStatus][] = [
  [/^en cours$/, "en_cours"],
  [/^a lancer$/, "a_lancer"],
  [/^realisee?s?$/, "realisee"],
  [/^suspendue?s?$/, "suspendue"],
  [/^abandonnee?s?$/, "abandonnee"],
];
const STATUS_LIST = "en cours, à lancer, réalisée, suspendue, abandonnée";

function statusAt(norms: string[], i: number): { status: ActionStatus; length: number } | null {
  for (const length of [2, 1]) {
    if (norms.length - i < length) continue;
    const phrase = norms.slice(i, i + length).join(" ");
    const found = STATUS_WORDS.find(([re]) => re.test(phrase));
    if (found) return { status: found[1], length };
  }
  return null;
}

/** "axe 2 statut en cours jeunesse page 2" → the filters; a wrong statut or axis is said in French. */
export function readActionFilters(input: string | undefined): ActionFilters {
  const { rest, page } = takePage(input);
  const tokens = (rest ?? "").split(/\s+/).filter(Boolean);
  const norms = tokens.map((t) => normalizeText(t));
  const filters: ActionFilters = { page };
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const n = norms[i] ?? "";
    const glued = /^axe ?(\d+)$/.exec(n);
    const status = statusAt(norms, i);
    if (glued?.[1]) {
      filters.axis = glued[1];
    } else if (n === "axe" || n === "axes") {
      const next = norms[i + 1];
      if (next === undefined || !/^\d+$/.test(next)) {
        throw new BotError("bad_arguments", "Filtre attendu : « axe 2 » (ou simplement « 2 »).");
      }
      filters.axis = next;
      i++;
    } else if (n === "statut" || n === "statuts") {
      const found = statusAt(norms, i + 1);
      if (found === null) {
        const asked = tokens.slice(i + 1).join(" ");
        throw new BotError(
          "bad_arguments",
          asked
            ? `Je ne connais pas le statut « ${asked} ». Statuts : ${STATUS_LIST}.`
            : `Indiquez un statut : ${STATUS_LIST}.`,
        );
      }
      filters.status = found.status;
      i += found.length;
    } else if (status !== null) {
      filters.status = status.status;
      i += status.length - 1;
    } else if (/^\d+$/.test(n) && filters.axis === undefined && words.length === 0) {
      filters.axis = n;
    } else {
      words.push(tokens[i] ?? "");
    }
  }
  if (words.length) filters.words = words.join(" ");
  return filters;
}

/** The same filters typed back, for the "next page" hint. */
function filtersCommand(f: ActionFilters): string {
  return [
    "actions",
    f.axis ? `axe ${f.axis}` : "",
    f.status ? `statut ${ACTION_STATUS_LABELS[f.status]}` : "",
    f.words ?? "",
  ]
    .filter(Boolean)
    .join(" ");
}

function filtersLabel(f: ActionFilters): string {
  return [
    f.axis ? `axe ${f.axis}` : "",
    f.status ? `statut ${ACTION_STATUS_LABELS[f.status]}` : "",
    f.words ? `« ${f.words} »` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** Actions matching the words: every fiche that covers enough of them, in plan order. */
function matchingWords(index: KnowledgeIndex, words: string): Set<Action> {
  const hits = searchEntities(index, words, ["action"]);
  const best = hits[0]?.score ?? 0;
  const min = Math.max(0.3, best * 0.5);
  return new Set(
    hits.flatMap((h) => (h.score >= min && h.entity.kind === "action" ? [h.entity.action] : [])),
  );
}

function statusCounts(actions: readonly Action[]): string {
  const counts = new Map<ActionStatus, number>();
  for (const a of actions) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${ACTION_STATUS_LABELS[s]}`).join(", ");
}

export const actions = defineCommand({
  name: "actions",
  aliases: ["fiches"],
  summary: "les fiches actions du plan, filtrées par axe, statut ou mots",
  usage: "actions [axe N] [statut X] [mots] [page N]",
  help: "Liste les fiches actions du territoire, regroupées par axe, avec leur statut, 10 par page. Les filtres se combinent : « axe 2 », « statut en cours » (à lancer, réalisée, suspendue, abandonnée ; accents facultatifs), des mots cherchés dans les fiches, « page 2 ».",
  examples: [
    "actions",
    "actions axe 4",
    "actions statut en cours",
    "actions jeunesse",
    "actions axe 1 page 2",
  ],
  positional: ["filtres"],
  args: z.object({ filtres: freeText(readActionFilters) }),
  permission: "everyone",
  async run({ filtres: f }, ctx) {
    const { knowledge, index } = await loadKnowledge(ctx);
    const { territory, axes } = knowledge;
    if (f.axis !== undefined && !axes.some((a) => a.number === f.axis)) {
      throw new BotError(
        "not_found",
        `Le plan ${ofName(territory)} n'a pas d'axe ${f.axis}. Axes : ${axes.map((a) => a.number).join(", ") || "aucun"}.`,
      );
    }
    const axesContext = axes.length
      ? [context(`Axes du plan : ${axes.map((a) => `${a.number}. ${a.title}`).join(" · ")}`)]
      : [];
    if (knowledge.actions.length === 0) {
      return reply(text(`Aucune fiche action n'est enregistrée pour ${theName(territory)}.`), ...axesContext);
    }
    const byWords = f.words === undefined ? null : matchingWords(index, f.words);
    const found = knowledge.actions.filter(
      (a) =>
        (f.axis === undefined || a.axisNumber === f.axis) &&
        (f.status === undefined || a.status === f.status) &&
        (byWords === null || byWords.has(a)),
    );
    if (found.length === 0) {
      const hints = [
        ...(f.status
          ? [context(`Statuts des fiches ${ofName(territory)} : ${statusCounts(knowledge.actions)}.`)]
          : []),
        context(`Toutes les fiches : « ${ctx.prefix} actions ».`),
      ];
      return reply(
        text(`Aucune fiche action ne correspond à votre demande (${filtersLabel(f)}) ${toName(territory)}.`),
        ...hints,
      );
    }
    const page = paginate(found, f.page);
    const label = filtersLabel(f);
    const blocks: Block[] = [
      heading(
        `${territory.name} — ${plural(found.length, "fiche action", "fiches actions")}${pageLabel(page, label)}`,
      ),
    ];
    const item = (a: Action) => `${a.number}. ${a.title} (${ACTION_STATUS_LABELS[a.status]})`;
    for (const axis of axes) {
      const inAxis = page.items.filter((a) => a.axisNumber === axis.number);
      if (inAxis.length === 0) continue;
      blocks.push(text(`Axe ${axis.number} — ${axis.title}`), list(inAxis.map(item)));
    }
    const orphans = page.items.filter(
      (a) => a.axisNumber === null || !axes.some((x) => x.number === a.axisNumber),
    );
    if (orphans.length) blocks.push(list(orphans.map(item)));
    const more = moreHint(page, filtersCommand(f), ctx.prefix);
    if (more) blocks.push(context(more));
    blocks.push(
      context(
        `Détail d'une fiche : ${ctx.prefix} action <n°>. Source : ${territory.source ?? territory.name}.`,
      ),
    );
    return reply(...blocks);
  },
});
