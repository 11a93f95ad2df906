import { z } from "zod";
import { context, fields, heading, list, reply, text } from "../src/chat/reply.ts";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { actionSource, milestoneLine } from "../src/core/present.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { ACTION_STATUS_LABELS } from "../src/domain/model.ts";
import { compareNumbers } from "../src/domain/text/action-number.ts";

/** "11", "n°11", "FA 2.3", "fiche 1.1", "action 4" → the number as written. */
const numberSchema = z
  .string({ error: "Indiquez le numéro de la fiche action, par exemple « action 11 »." })
  .transform((s) =>
    s
      .trim()
      .toLowerCase()
      .replace(/^(fiche\s*action|fiche|action|fa)\s*/, "")
      .replace(/^(n°|no\.?|n\.|numero|numéro)\s*/, "")
      .replace(/[.,]$/, ""),
  )
  .pipe(
    z
      .string()
      .regex(/^\d+(\.\d+)*$/, "Le numéro d'une fiche action s'écrit comme dans le plan : « 11 », « 1.1 »."),
  );

export const action = defineCommand({
  name: "action",
  aliases: ["fiche"],
  summary: "une fiche action complète, avec ses échéances",
  usage: "action <n°>",
  help: "Affiche la fiche action : axe, constat, objectifs, pilote, partenaires, public, résultats attendus, moyens, indicateurs et l'échéancier lu en jalons datés.",
  examples: ["action 11", "action 1.1"],
  positional: ["numero"],
  args: z.object({ numero: numberSchema }),
  permission: "everyone",
  async run({ numero }, ctx) {
    const territory = requireTerritory(ctx);
    const found = await ctx.repo.getAction(territory.id, numero);
    if (found === null) {
      const all = (await ctx.repo.listActions(territory.id)).map((a) => a.number).sort(compareNumbers);
      const near = all
        .filter((n) => n.split(".")[0] === numero.split(".")[0] || Math.abs(Number(n) - Number(numero)) <= 2)
        .slice(0, 5);
      const span = all.length
        ? ` Les fiches vont de ${all[0]} à ${all[all.length - 1]}.`
        : " Aucune fiche action n'est enregistrée.";
      throw new BotError(
        "unknown_action",
        `Je n'ai pas trouvé d'action ${numero} à ${territory.name}.${span}`,
        {
          extra: near.length
            ? [
                {
                  type: "choices",
                  prompt: "Actions proches :",
                  choices: near.map((n) => ({ label: `Action ${n}`, command: `action ${n}` })),
                },
              ]
            : [],
        },
      );
    }
    const a = found;
    const blocks = [
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
  },
});
