import { z } from "zod";
import { context, heading, list, reply, text } from "../src/chat/reply.ts";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { plural } from "../src/core/present.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { ACTION_STATUS_LABELS } from "../src/domain/model.ts";

const filterSchema = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^(axe\s*)?\d+$/, "Filtre attendu : « axe 2 » (ou simplement « 2 »)."))
  .transform((s) => s.replace(/^axe\s*/, ""));

export const actions = defineCommand({
  name: "actions",
  aliases: ["fiches"],
  summary: "les fiches actions du plan, par axe",
  usage: "actions [axe N]",
  help: "Liste les fiches actions du territoire, regroupées par axe, avec leur statut. « actions axe 2 » n'affiche que l'axe 2.",
  examples: ["actions", "actions axe 4"],
  positional: ["filtre"],
  args: z.object({ filtre: filterSchema.optional() }),
  permission: "everyone",
  async run({ filtre }, ctx) {
    const territory = requireTerritory(ctx);
    const axes = await ctx.repo.listAxes(territory.id);
    if (filtre !== undefined && !axes.some((a) => a.number === filtre)) {
      throw new BotError(
        "not_found",
        `Le plan de ${territory.name} n'a pas d'axe ${filtre}. Axes : ${axes.map((a) => a.number).join(", ") || "aucun"}.`,
      );
    }
    const all = await ctx.repo.listActions(territory.id, filtre === undefined ? {} : { axis: filtre });
    if (all.length === 0) {
      return reply(
        text(
          `Aucune fiche action n'est enregistrée pour ${territory.name}${filtre ? ` sur l'axe ${filtre}` : ""}.`,
        ),
        ...(axes.length
          ? [context(`Axes du plan : ${axes.map((a) => `${a.number}. ${a.title}`).join(" · ")}`)]
          : []),
      );
    }
    const blocks = [heading(`${territory.name} — ${plural(all.length, "fiche action", "fiches actions")}`)];
    const shown = axes.filter((a) => filtre === undefined || a.number === filtre);
    for (const axis of shown) {
      const inAxis = all.filter((a) => a.axisNumber === axis.number);
      if (inAxis.length === 0) continue;
      blocks.push(text(`Axe ${axis.number} — ${axis.title}`));
      blocks.push(list(inAxis.map((a) => `${a.number}. ${a.title} (${ACTION_STATUS_LABELS[a.status]})`)));
    }
    const orphans = all.filter((a) => a.axisNumber === null);
    if (orphans.length) blocks.push(list(orphans.map((a) => `${a.number}. ${a.title}`)));
    blocks.push(
      context(
        `Détail d'une fiche : ${ctx.prefix} action <n°>. Source : ${territory.source ?? territory.name}.`,
      ),
    );
    return reply(...blocks);
  },
});
