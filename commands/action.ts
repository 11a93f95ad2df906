import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { loadKnowledge } from "../src/core/knowledge-context.ts";
import { actionSource, milestoneLine } from "../src/core/present.ts";
import { searchEntities } from "../src/core/qa/retrieve.ts";
import { type Block, context, fields, heading, list, type Reply, reply, text } from "../src/core/reply.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { ACTION_STATUS_LABELS, type Action, type Territory } from "../src/domain/model.ts";
import type { PlanRepository } from "../src/domain/plan-repository.ts";
import { compareNumbers } from "../src/domain/text/action-number.ts";
import { theName, toName } from "../src/domain/text/french-names.ts";

const NUMBER = /^\d+(\.\d+)*$/;
/** The smallest share of the query a fiche must cover to be proposed at all. */
const MIN_SCORE = 0.35;
/** A runner-up scoring at least this share of the best one makes the answer ambiguous. */
const CLOSE = 0.75;
const MAX_CHOICES = 4;

export type ActionQuery = { kind: "number"; number: string } | { kind: "words"; words: string };

const MALFORMED = "Le numéro d'une fiche action s'écrit comme dans le plan : « 11 », « 1.1 ».";

/** "11", "n°11", "FA 2.3", "fiche 1.1", "action 4" → a number; "tiers-lieu" → words; null for "n° onze". */
export function readActionQuery(input: string): ActionQuery | null {
  const lower = input.trim().toLowerCase();
  const marked = /^(fa|n°|no\.?|n\.|numero|numéro)(\s|\d|$)/.test(lower);
  const rest = lower
    .replace(/^(fiche\s*action|fiche|action|fa)\s*/, "")
    .replace(/^(n°|no\.?|n\.|numero|numéro)\s*/, "")
    .replace(/[.,]$/, "");
  if (NUMBER.test(rest)) return { kind: "number", number: rest };
  // Something written as a number that is not one ("n° onze", "1.a", "11b") is a typo, not words.
  if (marked || /^\d\S*$/.test(rest)) return null;
  const words = input.trim().replace(/^(fiche\s*action|fiche|action)\s+/i, "");
  return { kind: "words", words };
}

const querySchema = z
  .string({ error: "Indiquez le numéro de la fiche action ou des mots, par exemple « action 11 »." })
  .transform((s, zc): ActionQuery => {
    const query = readActionQuery(s);
    if (query === null) {
      zc.addIssue({ code: "custom", message: MALFORMED });
      return z.NEVER;
    }
    return query;
  });

export const action = defineCommand({
  name: "action",
  aliases: ["fiche"],
  summary: "une fiche action complète, par son numéro ou ses mots",
  usage: "action <n° | mots>",
  help: "Affiche la fiche action : axe, constat, objectifs, pilote, partenaires, public, résultats attendus, moyens, indicateurs et l'échéancier lu en jalons datés. Au lieu du numéro, vous pouvez donner des mots de la fiche (« action tiers-lieu ») : je montre la fiche qui correspond, ou vous propose les plus proches.",
  examples: ["action 11", "action 1.1", "action tiers-lieu", "action relais petite enfance"],
  positional: ["recherche"],
  args: z.object({ recherche: querySchema }),
  permission: "everyone",
  async run({ recherche: query }, ctx) {
    const territory = requireTerritory(ctx);
    if (query.kind === "number") {
      const found = await ctx.repo.getAction(territory.id, query.number);
      if (found === null) return notFound(query.number, territory, ctx.repo);
      return renderAction(territory, found);
    }
    const { knowledge, index } = await loadKnowledge(ctx);
    if (knowledge.actions.length === 0) {
      throw new BotError("not_found", `Aucune fiche action n'est enregistrée pour ${theName(territory)}.`);
    }
    const hits = searchEntities(index, query.words, ["action"])
      .filter((h) => h.score >= MIN_SCORE)
      .flatMap((h) => (h.entity.kind === "action" ? [{ item: h.entity.action, score: h.score }] : []));
    const [best, second] = hits;
    if (best === undefined) {
      throw new BotError(
        "not_found",
        `Je n'ai trouvé aucune fiche action sur « ${query.words} » ${toName(territory)}.`,
        {
          extra: [
            context(
              `Essayez d'autres mots, un numéro (« ${ctx.prefix} action 11 ») ou la liste : « ${ctx.prefix} actions ».`,
            ),
          ],
        },
      );
    }
    if (second === undefined || second.score < best.score * CLOSE) return renderAction(territory, best.item);
    const close = hits.filter((h) => h.score >= best.score * CLOSE).slice(0, MAX_CHOICES);
    return reply({
      type: "choices",
      prompt: "Plusieurs fiches correspondent :",
      choices: close.map((h) => ({
        label: `Action ${h.item.number} — ${shorten(h.item.title, 90)}`,
        command: `action ${h.item.number}`,
      })),
    });
  },
});

async function notFound(number: string, territory: Territory, repo: PlanRepository): Promise<never> {
  const all = (await repo.listActions(territory.id)).map((a) => a.number).sort(compareNumbers);
  const near = all
    .filter((n) => n.split(".")[0] === number.split(".")[0] || Math.abs(Number(n) - Number(number)) <= 2)
    .slice(0, 5);
  const span = all.length
    ? ` Les fiches vont de ${all[0]} à ${all[all.length - 1]}.`
    : " Aucune fiche action n'est enregistrée.";
  throw new BotError("unknown_action", `Je n'ai pas trouvé d'action ${number} ${toName(territory)}.${span}`, {
    extra: near.length
      ? [
          {
            type: "choices",
            prompt: "Actions proches :",
            choices: near.map((n) => ({ label: `Action ${n}`, command: `action ${n}` })),
          },
        ]
      : [],
  });
}

/** The whole fiche, with its échéancier read into milestones and its source. */
export function renderAction(territory: Territory, a: Action): Reply {
  const blocks: Block[] = [
    heading(`Action ${a.number} — ${a.title}`),
    fields([
      ["Axe", a.axisNumber ? `${a.axisNumber}. ${a.axisTitle ?? ""}`.trim() : null],
      ["Objectif", a.objective],
      ["Statut", ACTION_STATUS_LABELS[a.status]],
      ["Pilote", a.pilote],
      ["Partenaires", a.partenaires.join(", ")],
      ["Public cible", a.publicCible],
      ["Axes liés", a.linkedAxes.join(", ")],
    ]),
  ];
  if (a.constat) blocks.push(text(`Constat : ${a.constat}`));
  if (a.objectifs.length) blocks.push(text("Objectifs :"), list(a.objectifs));
  if (a.resultatsAttendus.length) blocks.push(text("Résultats attendus :"), list(a.resultatsAttendus));
  if (a.moyens) blocks.push(text(`Moyens : ${a.moyens}`));
  if (a.indicateurs.length) blocks.push(text("Indicateurs :"), list(a.indicateurs));
  if (a.milestones.length) {
    blocks.push(text("Échéancier :"), list(a.milestones.map(milestoneLine)));
  } else {
    blocks.push(text("Échéancier : non précisé dans le plan."));
  }
  if (a.echeancier) blocks.push(context(`Échéancier tel qu'écrit : « ${a.echeancier} »`));
  blocks.push(context(actionSource(territory, a)));
  return reply(...blocks);
}

export function shorten(s: string, max: number): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
