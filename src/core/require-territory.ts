import type { Territory } from "../domain/model.ts";
import type { CommandContext } from "./command.ts";
import { BotError } from "./errors.ts";

/** The current territory, or a French question listing the territories to choose from. */
export function requireTerritory(ctx: CommandContext): Territory {
  if (ctx.territory) return ctx.territory;
  if (ctx.territories.length === 0) {
    throw new BotError(
      "no_territory",
      "Aucun territoire n'est chargé. Importez un plan : « npx ctg-bot import prisma/plans/agen.yaml ».",
    );
  }
  throw new BotError("no_territory", "Quel territoire ? Ce canal n'est rattaché à aucun territoire.", {
    extra: [
      {
        type: "choices",
        prompt: "Choisissez le territoire de ce canal :",
        choices: ctx.territories.map((t) => ({ label: t.name, command: `territoire ${t.slug}` })),
      },
    ],
  });
}
