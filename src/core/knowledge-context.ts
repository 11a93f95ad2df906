import { z } from "zod";
import type { Commune, TerritoryKnowledge } from "../domain/knowledge.ts";
import type { Action, Territory } from "../domain/model.ts";
import { compareNumbers } from "../domain/text/action-number.ts";
import { ofName, toName } from "../domain/text/french-names.ts";
import { normalizeKey, normalizeText } from "../domain/text/normalize.ts";
import { editDistance } from "../domain/text/similarity.ts";
import type { CommandContext } from "./command.ts";
import { BotError } from "./errors.ts";
import type { IndexedKnowledge } from "./knowledge-cache.ts";
import { requireTerritory } from "./require-territory.ts";

/** The channel's territory with everything known about it and its search indexes (cached). */
export async function loadKnowledge(ctx: CommandContext): Promise<IndexedKnowledge> {
  const territory = requireTerritory(ctx);
  const loaded = await ctx.knowledge(territory.slug);
  if (loaded === null) {
    throw new BotError(
      "no_territory",
      `Le territoire ${territory.name} n'est plus chargé. Choisissez-en un autre.`,
    );
  }
  return loaded;
}

/**
 * A command's free text read by `read`: a BotError it throws becomes an argument error, so the
 * user gets the message followed by the command's usage, like any other bad argument.
 */
export function freeText<T>(read: (input: string | undefined) => T) {
  return z
    .string()
    .optional()
    .transform((input, zc): T => {
      try {
        return read(input);
      } catch (error) {
        if (!(error instanceof BotError)) throw error;
        zc.addIssue({ code: "custom", message: error.userMessage });
        return z.NEVER;
      }
    });
}

export function documentName(source: string | null): { the: string; of: string } {
  const s = normalizeText(source ?? "");
  const kinds: [RegExp, { the: string; of: string }][] = [
    [/\bcharte\b/, { the: "La charte", of: "de la charte" }],
    [/\bbrochure\b/, { the: "La brochure", of: "de la brochure" }],
    [/\bdiapositives?\b|\bdiaporama\b/, { the: "Le diaporama", of: "du diaporama" }],
    [/\bconvention\b/, { the: "La convention", of: "de la convention" }],
  ];
  const first = kinds
    .map(([re, name]) => ({ at: s.search(re), name }))
    .filter((k) => k.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  return first?.name ?? { the: "Le plan", of: "du plan" };
}

export type CommuneMatch =
  | { kind: "found"; commune: Commune }
  | { kind: "several"; communes: Commune[] }
  | { kind: "none"; near: string[] };

const LEADING_WORDS = /^((a|de|d|du|sur|pour|dans|la commune de|commune de|commune d)\s+)+/;

/**
 * A commune typed loosely: accents, case, hyphens, "St"/"Saint", a leading "à"/"de", a part of
 * the name ("Passage" for "Le Passage") or a typo. Unknown names come back with the closest.
 */
export function matchCommune(query: string, communes: readonly Commune[]): CommuneMatch {
  const key = normalizeKey(normalizeText(query).replace(LEADING_WORDS, ""));
  const keyOf = (c: Commune) => normalizeKey(c.name);
  const exact = communes.find((c) => keyOf(c) === key || c.slug === key);
  if (exact) return { kind: "found", commune: exact };
  const partial = communes.filter((c) => `-${keyOf(c)}-`.includes(`-${key}-`));
  if (partial.length === 1 && partial[0]) return { kind: "found", commune: partial[0] };
  if (partial.length > 1) return { kind: "several", communes: partial };
  const ranked = communes
    .map((c) => ({ c, d: editDistance(key, keyOf(c)) }))
    .sort((a, b) => a.d - b.d || a.c.name.localeCompare(b.c.name, "fr"));
  const allowed = key.length >= 8 ? 2 : key.length >= 4 ? 1 : 0;
  const typos = ranked.filter((r) => r.d <= allowed);
  if (typos.length === 1 && typos[0]) return { kind: "found", commune: typos[0].c };
  const limit = Math.max(2, Math.ceil(key.length / 3));
  return {
    kind: "none",
    near: ranked
      .filter((r) => r.d <= limit)
      .slice(0, 3)
      .map((r) => r.c.name),
  };
}

const MAX_CHOICES = 6;

/** The commune a user named, or a French not_found / choice between several. */
export function requireCommune(
  query: string,
  knowledge: TerritoryKnowledge,
  command: (commune: string) => string,
): Commune {
  const match = matchCommune(query, knowledge.communes);
  if (match.kind === "found") return match.commune;
  const t = knowledge.territory;
  if (match.kind === "several") {
    throw new BotError("not_found", `Plusieurs communes ${ofName(t)} correspondent à « ${query} ».`, {
      extra: [
        {
          type: "choices",
          prompt:
            match.communes.length > MAX_CHOICES
              ? `Précisez la commune (${MAX_CHOICES} sur ${match.communes.length}) :`
              : "Précisez la commune :",
          choices: match.communes
            .slice(0, MAX_CHOICES)
            .map((c) => ({ label: c.name, command: command(c.name) })),
        },
      ],
    });
  }
  const near = match.near.length ? ` Communes proches : ${match.near.join(", ")}.` : "";
  throw new BotError("not_found", `Je ne connais pas de commune « ${query} » ${toName(t)}.${near}`);
}

/** "1", "1 et 3", "1, 3 et 10". */
export function joinFr(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} et ${items.at(-1)}`;
}

/**
 * The source of facts read from several fiches, said once: "Source : Agglomération d'Agen,
 * Convention CTG 2022-2026, annexe 3, fiches actions 1, 3 et 10."
 */
export function actionsSource(
  territory: Territory,
  actions: readonly Pick<Action, "number" | "source">[],
): string {
  const unique = [...new Map(actions.map((a) => [a.number, a])).values()].sort((a, b) =>
    compareNumbers(a.number, b.number),
  );
  const numbers = joinFr(unique.map((a) => a.number));
  const label = unique.length > 1 ? `fiches actions ${numbers}` : `fiche action ${numbers}`;
  const bases = [
    ...new Set(
      unique.map((a) =>
        (a.source ?? "").replace(/,?\s*fiches? actions? [\d.]+(\s*(,|et)\s*[\d.]+)*$/i, "").trim(),
      ),
    ),
  ];
  if (bases.length === 1) return `Source : ${territory.name}, ${bases[0] ? `${bases[0]}, ` : ""}${label}.`;
  return `Source : ${territory.name}, ${label} (${bases.filter(Boolean).join(" ; ")}).`;
}
