import { z } from "zod";
import { context, type Reply, reply, text } from "../src/chat/reply.ts";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { outcomeReply } from "../src/filing/filing-replies.ts";

const SIMULATE = /(^|\s)--simuler(\s|$)/;

export const ranger = defineCommand({
  name: "ranger",
  aliases: ["classer"],
  summary: "ranger le fichier joint dans l'espace collaboratif",
  usage: "ranger [indications] [--simuler]",
  help: "Joignez un fichier à votre message : je le range dans le bon dossier de l'espace collaboratif (instance, action, commune, date), sans jamais écraser un fichier, et je réponds avec le lien. Vos indications (« CR du COPIL d'hier », « fiche action 2.3 ») priment sur le nom du fichier. Quand j'hésite, le fichier attend dans « A classer » et je vous propose des dossiers. « --simuler » montre où il irait, sans rien ranger.",
  examples: ["ranger CR du COPIL d'hier", "ranger délibération Boé", "ranger fiche action 11 --simuler"],
  positional: ["indications"],
  args: z.object({ indications: z.string().optional() }),
  permission: "referent",
  async run({ indications }, ctx): Promise<Reply> {
    const territory = requireTerritory(ctx);
    if (ctx.filing === null) {
      throw new BotError("internal", "Le rangement de documents n'est pas configuré sur ce bot.");
    }
    if (ctx.files.length === 0) {
      throw new BotError(
        "bad_arguments",
        "Joignez le fichier à ranger à votre message (ou répondez au message qui le contient).",
        {
          extra: [
            context(
              `Exemple : déposez le fichier avec le texte « ${ctx.prefix} ranger CR du COPIL d'hier ».`,
            ),
          ],
        },
      );
    }
    const message = (indications ?? "").replace(SIMULATE, " ").trim();
    const simulate = SIMULATE.test(indications ?? "");
    const blocks = [];
    for (const file of ctx.files) {
      const outcome = await ctx.filing.file({
        territory,
        file,
        message,
        postedBy: ctx.userId,
        platform: ctx.platform,
        channelId: ctx.channelId,
        messageId: ctx.messageId,
        simulate,
      });
      if (ctx.files.length > 1) blocks.push(text(`— ${file.name}`));
      blocks.push(...outcomeReply(outcome, ctx.prefix).blocks);
    }
    return reply(...blocks);
  },
});
