import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { links, type Reply, reply, text } from "../src/core/reply.ts";
import { requireTerritory } from "../src/core/require-territory.ts";
import { actorOf } from "../src/domain/audit.ts";
import { checkFileName } from "../src/domain/filing/index.ts";
import { toName } from "../src/domain/text/french-names.ts";

/** "03 Instances/COPIL/2024" typed by a person: every segment must be a valid name. */
function readFolder(input: string): string {
  const segments = input
    .trim()
    .replace(/^\/+|\/+$/g, "")
    .split("/")
    .map((s) => s.trim());
  for (const segment of segments) {
    const checked = checkFileName(segment);
    if (!checked.ok) throw new BotError("bad_arguments", `Dossier « ${input} » : ${checked.reason}`);
  }
  return segments.join("/");
}

export const deplacer = defineCommand({
  name: "deplacer",
  aliases: ["déplacer"],
  summary: "déplacer un document rangé (ou choisir son dossier)",
  usage: "deplacer <document> <n° du choix | dossier>",
  help: "Le document se désigne par le code entre crochets donné par « ranger » ou « docs ». Donnez le numéro d'un des dossiers proposés, ou un chemin comme « 03 Instances/COPIL/2024 ». Rien n'est écrasé : un nom déjà pris reçoit un suffixe « (2) ». Je retiens votre choix pour les documents semblables.",
  examples: ["deplacer 3f2a9c1d 2", "deplacer 3f2a9c1d 05 Communes/Boé"],
  positional: ["document", "destination"],
  args: z.object({
    document: z.string({ error: "Indiquez le document (le code entre crochets, par exemple 3f2a9c1d)." }),
    destination: z.string({ error: "Indiquez le numéro d'un choix ou le dossier de destination." }),
  }),
  permission: "referent",
  async run({ document, destination }, ctx): Promise<Reply> {
    const territory = requireTerritory(ctx);
    if (ctx.filing === null)
      throw new BotError("internal", "Le rangement de documents n'est pas configuré sur ce bot.");
    const doc = await ctx.filing.find(territory.id, document);
    if (doc === null) {
      throw new BotError(
        "not_found",
        `Je ne trouve pas le document « ${document} » ${toName(territory)}. « ${ctx.prefix} docs » liste les documents rangés.`,
      );
    }
    let folder: string;
    if (/^\d{1,2}$/.test(destination.trim())) {
      const choice = doc.choices[Number(destination) - 1];
      if (choice === undefined) {
        throw new BotError(
          "bad_arguments",
          doc.choices.length
            ? `Choisissez un numéro entre 1 et ${doc.choices.length}, ou donnez un dossier.`
            : "Ce document n'attend pas de choix : donnez le dossier de destination.",
        );
      }
      folder = choice.folder;
    } else {
      folder = readFolder(destination);
    }
    const moved = await ctx.filing.move(doc, folder, actorOf(ctx.platform, ctx.userId));
    return reply(
      text(`Déplacé : ${moved.path}. Je rangerai les documents semblables au même endroit.`),
      ...(moved.url ? [links([{ label: moved.path, url: moved.url }])] : []),
    );
  },
});
