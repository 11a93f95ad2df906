import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { plural } from "../src/core/present.ts";
import { context, fields, heading, reply, text } from "../src/core/reply.ts";
import { actorOf } from "../src/domain/audit.ts";
import type { TerritorySummary } from "../src/domain/model.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";
import { closest } from "../src/domain/text/similarity.ts";
import { formatDateFr } from "../src/domain/time/french-format.ts";
import { addMonths } from "../src/domain/time/zoned.ts";

function findTerritory(query: string, territories: TerritorySummary[]): TerritorySummary | undefined {
  const q = normalizeText(query);
  return (
    territories.find((t) => t.slug === query || normalizeText(t.slug) === q) ??
    territories.find(
      (t) => normalizeText(t.name) === q || (t.shortName && normalizeText(t.shortName) === q),
    ) ??
    territories.find((t) => normalizeText(t.name).includes(q) || normalizeText(t.slug).includes(q))
  );
}

export const territoire = defineCommand({
  name: "territoire",
  aliases: ["territoires"],
  summary: "affiche le territoire de ce canal, ou le change",
  usage: "territoire [nom]",
  help: "Sans argument, présente le territoire rattaché à ce canal et sa convention. Avec un nom (ou son identifiant, par exemple « agen »), rattache ce canal à ce territoire : les réponses et les rappels porteront sur lui.",
  examples: ["territoire", "territoire agen", "territoire mellois-en-poitou"],
  positional: ["nom"],
  args: z.object({ nom: z.string().optional() }),
  permission: "everyone",
  async run({ nom }, ctx) {
    const choices = {
      type: "choices" as const,
      prompt: "Territoires disponibles :",
      choices: ctx.territories.map((t) => ({ label: t.name, command: `territoire ${t.slug}` })),
    };
    if (nom !== undefined) {
      const found = findTerritory(nom, ctx.territories);
      if (found === undefined) {
        const near = closest(
          nom,
          ctx.territories.map((t) => t.slug),
          4,
        );
        throw new BotError(
          "unknown_territory",
          `Je ne connais pas le territoire « ${nom} ».${near.length ? ` Vouliez-vous dire : ${near.join(", ")} ?` : ""}`,
          { extra: [choices] },
        );
      }
      if (!ctx.permissions.has("coordinator")) {
        throw new BotError(
          "forbidden",
          "Seul un coordinateur de la CTG peut rattacher ce canal à un territoire.",
        );
      }
      await ctx.repo.bindChannel(ctx.platform, ctx.channelId, found.slug, actorOf(ctx.platform, ctx.userId));
      return reply(
        text(`Ce canal est maintenant rattaché au territoire ${found.name}.`),
        context(`Essayez « ${ctx.prefix} actions » ou « ${ctx.prefix} agenda ».`),
      );
    }
    const current = ctx.territory;
    if (current === null) {
      return reply(text("Ce canal n'est rattaché à aucun territoire."), choices);
    }
    const axes = await ctx.repo.listAxes(current.id);
    const actionCount = axes.reduce((n, a) => n + a.actionCount, 0);
    const c = current;
    const notice =
      c.noticeMonths !== null && c.conventionEnd !== null
        ? `${plural(c.noticeMonths, "mois", "mois")} (au plus tard le ${formatDateFr(addMonths(c.conventionEnd, -c.noticeMonths), { weekday: false })})`
        : null;
    const others = ctx.territories.filter((t) => t.slug !== c.slug);
    return reply(
      heading(c.name),
      ...(c.description ? [text(c.description.split("\n")[0] ?? c.description)] : []),
      fields([
        ["Convention", c.conventionTitle],
        ["Début", c.conventionStart ? formatDateFr(c.conventionStart, { weekday: false }) : null],
        ["Fin", c.conventionEnd ? formatDateFr(c.conventionEnd, { weekday: false }) : null],
        ["Signée le", c.signedOn ? formatDateFr(c.signedOn, { weekday: false }) : null],
        ["Préavis de dénonciation", notice],
        ["Partenaires", c.partners.join(", ")],
        ["Plan d'actions", `${plural(axes.length, "axe")}, ${plural(actionCount, "action")}`],
      ]),
      ...(others.length
        ? [
            {
              ...choices,
              prompt: "Changer de territoire :",
              choices: choices.choices.filter((x) => !x.command.endsWith(` ${c.slug}`)),
            },
          ]
        : []),
      context(`Source : ${c.source ?? c.name}.`),
    );
  },
});
