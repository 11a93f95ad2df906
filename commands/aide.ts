import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { context, fields, heading, list, reply, text } from "../src/core/reply.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";

export const aide = defineCommand({
  name: "aide",
  aliases: ["help", "?"],
  summary: "la liste des commandes, ou l'aide d'une commande",
  usage: "aide [commande]",
  help: "Sans argument, liste les commandes. Avec le nom d'une commande, explique son usage avec des exemples.",
  examples: ["aide", "aide echeances"],
  positional: ["commande"],
  args: z.object({ commande: z.string().optional() }),
  permission: "everyone",
  async run({ commande }, ctx) {
    if (commande === undefined) {
      return reply(
        heading("Commandes du bot CTG"),
        list(ctx.commands.map((c) => `${ctx.prefix} ${c.usage} — ${c.summary}`)),
        context(`Pour le détail d'une commande : ${ctx.prefix} aide <commande>.`),
      );
    }
    const wanted = normalizeText(commande);
    const command = ctx.commands.find((c) => [c.name, ...c.aliases].some((n) => normalizeText(n) === wanted));
    if (command === undefined) {
      throw new BotError("unknown_command", `Je ne connais pas la commande « ${commande} ».`, {
        extra: [context(`Tapez « ${ctx.prefix} aide » pour la liste des commandes.`)],
      });
    }
    return reply(
      heading(`${ctx.prefix} ${command.usage}`),
      text(command.help),
      fields([
        ["Exemples", command.examples.map((e) => `${ctx.prefix} ${e}`).join("\n")],
        ["Autres noms", command.aliases.join(", ")],
      ]),
    );
  },
});
