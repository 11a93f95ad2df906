import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import {
  documentName,
  freeText,
  loadKnowledge,
  matchCommune,
  requireCommune,
} from "../src/core/knowledge-context.ts";
import { moreHint, pageLabel, paginate, takePage } from "../src/core/paginate.ts";
import { plural } from "../src/core/present.ts";
import { type Block, context, heading, list, reply, text } from "../src/core/reply.ts";
import type { Commune, Equipment, TerritoryKnowledge } from "../src/domain/knowledge.ts";
import { stemWord } from "../src/domain/search/french-analyzer.ts";
import { ofName, theName } from "../src/domain/text/french-names.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";
import { editDistance } from "../src/domain/text/similarity.ts";

interface Token {
  norm: string;
  start: number;
  end: number;
}

function tokensOf(s: string): Token[] {
  return [...s.matchAll(/[^\s'’]+/g)].map((m) => ({
    norm: normalizeText(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Two words are the same for a type name: equal, same stem ("ludothèques") or one typo in a long word. */
function sameWord(a: string, b: string): boolean {
  if (a === b || stemWord(a) === stemWord(b)) return true;
  return Math.min(a.length, b.length) >= 5 && editDistance(a, b) <= 1;
}

/** Each equipment type of the plan with the phrases that name it: itself, its glossary expansions. */
function typePhrases(knowledge: TerritoryKnowledge): { type: string; phrases: string[][] }[] {
  const types = [...new Set(knowledge.equipment.map((e) => e.type))];
  return types.map((type) => {
    const key = normalizeText(type);
    const expansions = knowledge.glossary
      .filter((g) => normalizeText(g.acronym) === key)
      .flatMap((g) => [g.expansion, ...g.variants]);
    return { type, phrases: [type, ...expansions].map((p) => tokensOf(p).map((t) => t.norm)) };
  });
}

/** The type named somewhere in the text, and the text without it. */
function findType(input: string, knowledge: TerritoryKnowledge): { type: string | null; rest: string } {
  const tokens = tokensOf(input);
  const candidates = typePhrases(knowledge)
    .flatMap(({ type, phrases }) => phrases.map((words) => ({ type, words })))
    .sort((a, b) => b.words.length - a.words.length);
  for (const { type, words } of candidates) {
    for (let i = 0; i + words.length <= tokens.length; i++) {
      if (!words.every((w, j) => sameWord(tokens[i + j]?.norm ?? "", w))) continue;
      const from = tokens[i]?.start ?? 0;
      const to = tokens[i + words.length - 1]?.end ?? from;
      return { type, rest: `${input.slice(0, from)} ${input.slice(to)}`.replace(/\s+/g, " ").trim() };
    }
  }
  return { type: null, rest: input.trim() };
}

/** "annexe 2 de la convention", when a rule of the plan says where the equipment list is. */
function equipmentSource(knowledge: TerritoryKnowledge): string {
  const { territory } = knowledge;
  for (const rule of knowledge.rules) {
    const annex = /[ée]quipements[^.;]*?\b(annexe \d+)/i.exec(rule.text)?.[1];
    if (annex)
      return `Source : ${territory.name}, ${annex} ${documentName(rule.source ?? territory.source).of}.`;
  }
  return `Source : ${territory.source ?? territory.name}.`;
}

const commandOf = (type: string | null, commune: string | undefined) =>
  ["equipements", type, commune].filter(Boolean).join(" ");

function line(e: Equipment): string {
  return `${e.type} — ${e.name} — ${e.address ?? "adresse non précisée"} (${e.commune})`;
}

function countsByType(items: readonly Equipment[]): string {
  const counts = new Map<string, number>();
  for (const e of items) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${t} (${n})`).join(", ");
}

export const equipements = defineCommand({
  name: "equipements",
  aliases: ["équipements", "equipement", "équipement", "structures"],
  summary: "les équipements et services du territoire, par type et par commune",
  usage: "equipements [type] [commune] [page N]",
  help: "Liste les équipements et services soutenus (annexe de la convention) : type, nom, adresse et commune, 10 par page. Le type (EAJE, RPE, LAEP, ALSH, ludothèque… ou son nom en toutes lettres, « relais petite enfance ») et la commune se donnent dans n'importe quel ordre, tous deux facultatifs.",
  examples: ["equipements", "equipements ALSH", "equipements Boé", "equipements relais petite enfance Agen"],
  positional: ["filtres"],
  args: z.object({ filtres: freeText(takePage) }),
  permission: "everyone",
  async run({ filtres: { rest: asked, page: pageNumber } }, ctx) {
    const { knowledge } = await loadKnowledge(ctx);
    const { territory } = knowledge;
    if (knowledge.equipment.length === 0) {
      return reply(
        text(`Aucun équipement n'est enregistré pour ${theName(territory)}.`),
        context(`Source : ${territory.source ?? territory.name}.`),
      );
    }
    const { type, rest } = findType(asked ?? "", knowledge);
    let commune: Commune | null = null;
    if (rest !== "") {
      if (type === null && matchCommune(rest, knowledge.communes).kind === "none") {
        const types = [...new Set(knowledge.equipment.map((e) => e.type))].join(", ");
        throw new BotError(
          "bad_arguments",
          `Je ne connais pas « ${rest} » : ce n'est ni un type d'équipement (${types}) ni une commune ${ofName(territory)}.`,
        );
      }
      commune = requireCommune(rest, knowledge, (name) => commandOf(type, name));
    }
    const label = [type, commune?.name].filter(Boolean).join(", ");
    const found = knowledge.equipment.filter(
      (e) => (type === null || e.type === type) && (commune === null || e.commune === commune.name),
    );
    if (found.length === 0) {
      const inCommune = knowledge.equipment.filter((e) => e.commune === commune?.name);
      return reply(
        text(
          `Aucun équipement${type ? ` ${type}` : ""} n'est enregistré à ${commune?.name ?? territory.name}.`,
        ),
        ...(inCommune.length
          ? [context(`Équipements de ${commune?.name} : ${countsByType(inCommune)}.`)]
          : []),
        context(equipmentSource(knowledge)),
      );
    }
    const page = paginate(found, pageNumber);
    const blocks: Block[] = [
      heading(`${territory.name} — ${plural(found.length, "équipement")}${pageLabel(page, label)}`),
      list(page.items.map(line)),
    ];
    const more = moreHint(page, commandOf(type, commune?.name), ctx.prefix);
    if (more) blocks.push(context(more));
    blocks.push(context(equipmentSource(knowledge)));
    return reply(...blocks);
  },
});
