import { z } from "zod";
import { defineCommand } from "../src/core/command.ts";
import { BotError } from "../src/core/errors.ts";
import { loadKnowledge } from "../src/core/knowledge-context.ts";
import { context, heading, list, reply, text } from "../src/core/reply.ts";
import type { GlossaryEntry, TerritoryKnowledge } from "../src/domain/knowledge.ts";
import { stems } from "../src/domain/search/french-analyzer.ts";
import { ofName, theName } from "../src/domain/text/french-names.ts";
import { normalizeText } from "../src/domain/text/normalize.ts";
import { editDistance } from "../src/domain/text/similarity.ts";

/** "A.V.S." and "avs" are the same acronym. */
const compact = (s: string) => normalizeText(s).replace(/ /g, "");
/** "Lieu d'accueil enfants-parents" and "Lieu d'Accueil Enfant Parent" are the same phrase. */
const phraseKey = (s: string) => stems(s).join(" ");

interface Meaning {
  expansion: string;
  explanation: string | null;
  origins: Set<GlossaryEntry["origin"]>;
}

/** The glossary entries a query names: by acronym, by a variant spelling, or by the expansion. */
function entriesFor(query: string, glossary: readonly GlossaryEntry[]): GlossaryEntry[] {
  const q = compact(query);
  const phrase = phraseKey(query);
  const hit = glossary.find(
    (g) =>
      compact(g.acronym) === q ||
      [g.expansion, ...g.variants].some(
        (v) => compact(v) === q || (phrase !== "" && phraseKey(v) === phrase),
      ),
  );
  if (hit === undefined) return [];
  return glossary.filter((g) => compact(g.acronym) === compact(hit.acronym));
}

const meaningStems = (s: string) => new Set(stems(s).filter((w) => w.length > 1));

/** Two wordings of one meaning share most of their words ("Directeur (directrice) général(e) des services"). */
function sameMeaning(a: Set<string>, b: Set<string>): boolean {
  const shared = [...a].filter((w) => b.has(w)).length;
  const union = new Set([...a, ...b]).size;
  return union > 0 && shared / union >= 0.6;
}

/** One line per meaning; the territory's wording comes first and a later wording fills its explanation. */
function meaningsOf(entries: readonly GlossaryEntry[]): Meaning[] {
  const meanings: (Meaning & { words: Set<string> })[] = [];
  for (const e of entries) {
    const words = meaningStems(e.expansion);
    const known = meanings.find((m) => sameMeaning(m.words, words));
    if (known === undefined) {
      meanings.push({
        expansion: e.expansion,
        explanation: e.explanation,
        origins: new Set([e.origin]),
        words,
      });
    } else {
      known.explanation ??= e.explanation;
      known.origins.add(e.origin);
    }
  }
  return meanings;
}

/**
 * The store fills a plan entry's missing explanation from the shared glossary, so an explained
 * plan entry is cited with both glossaries.
 */
function sourceOf(knowledge: TerritoryKnowledge, meanings: readonly Meaning[]): string {
  const fromPlan = meanings.some((m) => m.origins.has("territory"));
  if (!fromPlan) return "Source : glossaire CTG partagé du bot.";
  const shared = meanings.some((m) => m.origins.has("shared") || m.explanation !== null);
  return `Source : glossaire du plan ${ofName(knowledge.territory)}${shared ? " et glossaire CTG partagé du bot" : ""}.`;
}

/** Acronyms spelled nearly like the query, then acronyms whose expansion shares its words. */
function closeAcronyms(query: string, glossary: readonly GlossaryEntry[]): string[] {
  const q = compact(query);
  const allowed = q.length <= 3 ? 1 : 2;
  const first = new Map<string, GlossaryEntry>();
  for (const g of glossary) if (!first.has(compact(g.acronym))) first.set(compact(g.acronym), g);
  const spelled = [...first.values()]
    .map((g) => ({ g, d: editDistance(q, compact(g.acronym)) }))
    .filter((x) => x.d <= allowed)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.g);
  const words = new Set(stems(query).filter((s) => s.length >= 4));
  const worded = words.size
    ? [...first.values()].filter((g) => stems(g.expansion).some((s) => words.has(s)))
    : [];
  return [...new Set([...spelled, ...worded])].slice(0, 4).map((g) => `${g.acronym} (${g.expansion})`);
}

export const sigle = defineCommand({
  name: "sigle",
  aliases: ["glossaire", "sigles"],
  summary: "ce que veut dire un sigle (LAEP, RPE, AVS…)",
  usage: "sigle <SIGLE | nom en toutes lettres>",
  help: "Donne le sens d'un sigle, d'après le glossaire du territoire puis le glossaire CTG partagé ; quand un sigle a plusieurs sens, ils sont tous listés, celui de la CTG d'abord. Accepte aussi le nom en toutes lettres (« sigle relais petite enfance » → RPE). Sans argument, liste les sigles connus.",
  examples: ["sigle LAEP", "sigle AVS", "sigle relais petite enfance", "glossaire"],
  positional: ["sigle"],
  args: z.object({ sigle: z.string().optional() }),
  permission: "everyone",
  async run({ sigle: asked }, ctx) {
    const { knowledge } = await loadKnowledge(ctx);
    const { glossary, territory } = knowledge;
    if (asked === undefined) {
      const acronyms = [...new Map(glossary.map((g) => [compact(g.acronym), g.acronym])).values()];
      if (acronyms.length === 0)
        return reply(text(`Aucun sigle n'est enregistré pour ${theName(territory)}.`));
      return reply(
        heading(`Sigles connus — ${territory.name}`),
        text(acronyms.join(", ")),
        context(`Sens d'un sigle : ${ctx.prefix} sigle <SIGLE>.`),
      );
    }
    const entries = entriesFor(asked, glossary);
    const [first] = entries;
    if (first === undefined) {
      const near = closeAcronyms(asked, glossary);
      throw new BotError(
        "not_found",
        `Je ne connais pas le sigle « ${asked} ».${near.length ? ` Sigles proches : ${near.join(", ")}.` : ""}`,
        { extra: [context(`La liste des sigles connus : « ${ctx.prefix} glossaire ».`)] },
      );
    }
    const meanings = meaningsOf(entries);
    const say = (m: Meaning) => `${m.expansion}${m.explanation ? ` — ${m.explanation}` : ""}`;
    const [only] = meanings;
    if (meanings.length === 1 && only) {
      return reply(text(`${first.acronym} : ${say(only)}`), context(sourceOf(knowledge, meanings)));
    }
    return reply(
      text(`${first.acronym} a plusieurs sens :`),
      list(meanings.map(say)),
      context(sourceOf(knowledge, meanings)),
    );
  },
});
