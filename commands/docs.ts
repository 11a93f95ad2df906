import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { loadKnowledge, matchCommune } from "../src/core/knowledge-context.ts";
import { context, list, type Reply, reply, text } from "../src/core/reply.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { findInstance } from "../src/domain/filing/instance.ts";
import { ofName, theName } from "../src/domain/text/french-names.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";
import { docLine } from "../src/filing/filing-replies.ts";

const LIMIT = 15;

export const docs = defineCommand({
  name: "docs",
  aliases: ["documents"],
  summary: "les documents rangés, par action, instance, commune ou mots",
  usage: "docs [action <n°> | COPIL | <commune> | mots]",
  help: "Liste les documents que le bot a rangés pour ce territoire, les plus récents d'abord, avec leur lien et leur code (pour « deplacer »).",
  examples: ["docs", "docs action 11", "docs COPIL", "docs Boé", "docs diagnostic"],
  positional: ["recherche"],
  args: z.object({ recherche: z.string().optional() }),
  permission: "everyone",
  async run({ recherche }, ctx): Promise<Reply> {
    const territory = requireTerritory(ctx);
    if (ctx.filing === null)
      throw new BotError("internal", "Le rangement de documents n'est pas configuré sur ce bot.");
    const query = normalizeText(recherche ?? "");
    const filter: { action?: string; instance?: string; commune?: string; words?: string[] } = {};
    let scope = "";
    // On the text as typed: « action 2.3 » keeps its dot (normalizing would make it « 2 3 »).
    const action = (recherche ?? "")
      .trim()
      .toLowerCase()
      .replace(/,/g, ".")
      .match(/^(?:action|fiche|fa)?\s*(\d{1,2}(?:\.\d{1,2})?)$/);
    const { knowledge } = query === "" ? { knowledge: null } : await loadKnowledge(ctx);
    // The filing engine's reading of instances: it also knows the territory's own groups.
    const instance =
      knowledge === null || action
        ? null
        : findInstance(recherche ?? "", knowledge, ctx.filing.lexicon.instances);
    if (action?.[1] && knowledge) {
      if (!knowledge.actions.some((a) => a.number === action[1])) {
        throw new BotError(
          "unknown_action",
          `L'action ${action[1]} n'existe pas dans le plan ${ofName(territory)}.`,
        );
      }
      filter.action = action[1];
      scope = ` de l'action ${action[1]}`;
    } else if (instance) {
      filter.instance = instance.value.label;
      scope = ` — ${instance.value.label}`;
    } else if (knowledge) {
      const commune = matchCommune(query, knowledge.communes);
      if (commune.kind === "found") {
        filter.commune = commune.commune.name;
        scope = ` — ${commune.commune.name}`;
      } else {
        filter.words = query.split(/\s+/).filter((w) => w.length > 1);
        scope = ` contenant « ${recherche} »`;
      }
    }
    const found = await ctx.filing.search(territory.id, filter, LIMIT + 1);
    if (found.length === 0) {
      return reply(
        text(`Aucun document rangé${scope} pour ${theName(territory)}.`),
        context(`Pour ranger un fichier : joignez-le avec « ${ctx.prefix} ranger ».`),
      );
    }
    const shown = found.slice(0, LIMIT);
    return reply(
      text(`Documents rangés${scope} (${territory.name}) :`),
      list(shown.map(docLine)),
      ...(found.length > LIMIT
        ? [context(`Les ${LIMIT} plus récents ; précisez la recherche pour les autres.`)]
        : []),
    );
  },
});
