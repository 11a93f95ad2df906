import { z } from "zod";
import { type CommandContext, defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { context, type Reply, reply, text } from "../src/core/reply.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { actorOf } from "../src/domain/audit.ts";
import { DOCUMENT_TYPE_LABELS } from "../src/domain/filing/index.ts";
import type { ChannelDefaults } from "../src/domain/filing-repository.ts";
import type { Territory } from "../src/domain/model.ts";
import { outcomeReply } from "../src/filing/filing-replies.ts";

const SIMULATE = /(^|\s)--simuler(\s|$)/;
/** "par-defaut …", "par défaut …": what the files of this channel usually are. */
const DEFAULTS = /^par[- ]d[ée]faut\b(.*)$/i;

/** Shows, sets ("CR du groupe de travail parentalité") or clears ("aucun") the channel's defaults. */
async function channelDefaults(ctx: CommandContext, territory: Territory, words: string): Promise<Reply> {
  const filing = ctx.filing;
  if (filing === null)
    throw new BotError("internal", "Le rangement de documents n'est pas configuré sur ce bot.");
  const describe = (d: ChannelDefaults) =>
    [
      d.type ? DOCUMENT_TYPE_LABELS[d.type] : null,
      d.instance?.label,
      d.action ? `action ${d.action}` : null,
      d.commune,
    ].filter((x): x is string => Boolean(x));
  if (words === "") {
    const current = describe(await filing.channelDefaults(ctx.platform, ctx.channelId));
    return reply(
      text(
        current.length
          ? `Par défaut, les fichiers déposés ici sont : ${current.join(", ")}.`
          : "Aucune valeur par défaut pour les fichiers déposés dans ce canal.",
      ),
      context(
        `« ${ctx.prefix} ranger par-defaut CR du groupe de travail parentalité » la règle ; « ${ctx.prefix} ranger par-defaut aucun » l'efface.`,
      ),
    );
  }
  const set = await filing.setChannelDefaults(
    territory,
    ctx.platform,
    ctx.channelId,
    /^aucune?$/i.test(words) ? "" : words,
    actorOf(ctx.platform, ctx.userId),
  );
  if (set === null) {
    throw new BotError(
      "no_territory",
      `Rattachez d'abord ce canal à un territoire : « ${ctx.prefix} territoire ${territory.slug} ».`,
    );
  }
  const shown = describe(set);
  if (shown.length === 0 && !/^aucune?$/i.test(words)) {
    throw new BotError(
      "bad_arguments",
      `Je ne reconnais ni type, ni instance, ni action, ni commune dans « ${words} ».`,
    );
  }
  return reply(
    text(
      shown.length
        ? `C'est noté : les fichiers déposés ici seront par défaut ${shown.join(", ")} (ce que dit le message ou le fichier reste prioritaire).`
        : "Valeurs par défaut effacées pour ce canal.",
    ),
  );
}

export const ranger = defineCommand({
  name: "ranger",
  aliases: ["classer"],
  summary: "ranger le fichier joint dans l'espace collaboratif",
  usage: "ranger [indications] [--simuler] | ranger par-defaut [indications | aucun]",
  help: "Joignez un fichier à votre message : je le range dans le bon dossier de l'espace collaboratif (instance, action, commune, date), sans jamais écraser un fichier, et je réponds avec le lien. Vos indications (« CR du COPIL d'hier », « fiche action 2.3 ») priment sur le nom du fichier. Quand j'hésite, le fichier attend dans « A classer » et je vous propose des dossiers. « --simuler » montre où il irait, sans rien ranger. « ranger par-defaut CR du groupe de travail parentalité » dit ce que sont d'habitude les fichiers de ce canal.",
  examples: [
    "ranger CR du COPIL d'hier",
    "ranger délibération Boé",
    "ranger fiche action 11 --simuler",
    "ranger par-defaut groupe de travail parentalité",
  ],
  positional: ["indications"],
  args: z.object({ indications: z.string().optional() }),
  permission: "referent",
  async run({ indications }, ctx): Promise<Reply> {
    const territory = requireTerritory(ctx);
    if (ctx.filing === null) {
      throw new BotError("internal", "Le rangement de documents n'est pas configuré sur ce bot.");
    }
    const defaults = (indications ?? "").match(DEFAULTS);
    if (defaults) return channelDefaults(ctx, territory, (defaults[1] ?? "").trim());
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
      const shown = ctx.progress?.(`Envoi de « ${file.name} » vers l'espace collaboratif`);
      const outcome = await ctx.filing
        .file({
          territory,
          file,
          message,
          postedBy: ctx.userId,
          platform: ctx.platform,
          channelId: ctx.channelId,
          messageId: ctx.messageId,
          simulate,
          ...(shown ? { onProgress: (sent: number, total: number) => shown.update(sent, total) } : {}),
        })
        .finally(() => shown?.done());
      if (ctx.files.length > 1) blocks.push(text(`— ${file.name}`));
      blocks.push(...outcomeReply(outcome, ctx.prefix).blocks);
    }
    return reply(...blocks);
  },
});
