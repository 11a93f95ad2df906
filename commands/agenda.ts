import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { freeText } from "../src/core/knowledge-context.ts";
import { moreHint, pageLabel, paginate, takePage } from "../src/core/paginate.ts";
import { eventLine } from "../src/core/present.ts";
import { context, heading, list, reply, text } from "../src/core/reply.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import type { EventKind } from "../src/domain/model.ts";
import { theName } from "../src/domain/text/french-names.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";

const KIND_WORDS: [RegExp, EventKind][] = [
  [/^(copil|comites? de pilotage)$/, "copil"],
  [/^(cotech|comites? techniques?)$/, "cotech"],
  [/^(gt|groupes? de travail)$/, "groupe_de_travail"],
  [/^(cellules? de suivi)$/, "cellule_de_suivi"],
  [/^commissions?$/, "commission"],
  [/^(journees? ressources?|jr)$/, "journee_ressources"],
  [/^rencontres?( de territoire)?$/, "rencontre_de_territoire"],
  [/^reunions? partenariales?$/, "reunion_partenariale"],
  [/^signatures?$/, "signature"],
];

export const agenda = defineCommand({
  name: "agenda",
  aliases: ["evenements", "évènements", "événements"],
  summary: "les prochaines instances et journées ressources",
  usage: "agenda [copil | cotech | journées ressources | …] [page N]",
  help: "Liste les prochains évènements du territoire (COPIL, COTECH, groupes de travail, journées ressources, rencontres…), avec le lieu quand il est connu, 10 par page. Un type en argument filtre la liste.",
  examples: ["agenda", "agenda copil", "agenda journées ressources", "agenda page 2"],
  positional: ["type"],
  args: z.object({ type: freeText(takePage) }),
  permission: "everyone",
  async run({ type: { rest: type, page: pageNumber } }, ctx) {
    const territory = requireTerritory(ctx);
    let kinds: EventKind[] | undefined;
    if (type !== undefined) {
      const wanted = normalizeText(type);
      const kind = KIND_WORDS.find(([re]) => re.test(wanted))?.[1];
      if (kind === undefined) {
        throw new BotError(
          "bad_arguments",
          `Je ne connais pas le type d'évènement « ${type} ». Types : copil, cotech, groupe de travail, cellule de suivi, commission, journée ressources, rencontre, réunion partenariale, signature.`,
        );
      }
      kinds = [kind];
    }
    const zone = territory.timezone;
    const upcoming = await ctx.repo.listEvents(territory.id, { from: ctx.now, ...(kinds ? { kinds } : {}) });
    if (upcoming.length === 0) {
      const past = await ctx.repo.listEvents(territory.id, { to: ctx.now, ...(kinds ? { kinds } : {}) });
      const last = past.at(-1);
      return reply(
        text(
          `Aucun évènement à venir n'est enregistré pour ${theName(territory)}${type ? ` (${type})` : ""}.`,
        ),
        ...(last ? [context(`Dernier évènement connu : ${eventLine(last, zone)}.`)] : []),
      );
    }
    const page = paginate(upcoming, pageNumber);
    const shown = page.items;
    const blocks = [
      heading(`Agenda — ${territory.name}${pageLabel(page)}`),
      list(shown.map((e) => eventLine(e, zone))),
    ];
    const more = moreHint(page, `agenda ${type ?? ""}`, ctx.prefix);
    if (more) blocks.push(context(more));
    if (shown.some((e) => e.example)) {
      blocks.push(
        context(
          "Les évènements marqués « exemple » sont des données de démonstration, pas des dates officielles.",
        ),
      );
    }
    const sources = [...new Set(shown.map((e) => e.source).filter((s): s is string => s !== null))];
    blocks.push(context(`Source : ${sources.length ? sources.join(" ; ") : territory.name}.`));
    return reply(...blocks);
  },
});
