import type { Instance } from "../knowledge.ts";
import type { EventKind } from "../model.ts";
import { STOPWORDS, type Token, tokenize } from "./tokens.ts";
import type { InstanceKind } from "./types.ts";

export const KIND_OF_EVENT: Partial<Record<EventKind, InstanceKind>> = {
  copil: "copil",
  cotech: "cotech",
  groupe_de_travail: "groupe-de-travail",
  cellule_de_suivi: "cellule-de-suivi",
  commission: "commission",
  journee_ressources: "journee-ressources",
};

/** A group or commission of the plan that has a name of its own ("Groupe de travail jeunesse" → "Jeunesse"). */
export interface NamedInstance {
  kind: InstanceKind;
  /** "Jeunesse", "Petite enfance", "Élaboration du plan d'actions". */
  name: string;
  /** Folded words that point at it: "jeunesse"; "petite", "enfance". */
  words: string[];
  /** "pe" for petite enfance, "avs" for animation de la vie sociale. */
  initials: string[];
}

const PREFIX =
  /^(?:groupes?\s+de\s+travail|groupes?|commissions?|cellules?\s+de\s+suivi)\s*(?:d['’]\s*|de\s+)?/i;

export const capitalize = (s: string): string => s.charAt(0).toLocaleUpperCase("fr") + s.slice(1);

/** Named groups and commissions of the plan; umbrella entries ("Groupes de travail thématiques") are left out. */
export function namedInstances(instances: readonly Instance[]): NamedInstance[] {
  const out: NamedInstance[] = [];
  for (const instance of instances) {
    const kind = KIND_OF_EVENT[instance.kind];
    if (kind !== "groupe-de-travail" && kind !== "commission") continue;
    if (/^(groupes|commissions)\b/i.test(instance.name.trim())) continue;
    const name = instance.name
      .replace(PREFIX, "")
      .replace(/[«»"“”]/g, "")
      .replace(/\s+/g, " ")
      .trim();
    if (name === "") continue;
    const words = tokenize(name.replace(/[()]/g, " "))
      .map((t) => t.fold)
      .filter((w) => !STOPWORDS.has(w) && w.length >= 3);
    out.push({ kind, name: capitalize(name), words, initials: initialsOf(words) });
  }
  return out;
}

function initialsOf(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let n = 2; n <= words.length; n++)
    out.push(
      words
        .slice(0, n)
        .map((w) => w[0] ?? "")
        .join(""),
    );
  return out;
}

const sameWord = (a: string, b: string): boolean =>
  a === b || (a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5));

/** The named group or commission the words right after the keyword point at, when only one fits. */
export function matchNamed(
  tokens: readonly Token[],
  after: number,
  kind: InstanceKind,
  named: readonly NamedInstance[],
): NamedInstance | null {
  const candidates = named.filter((n) => n.kind === kind);
  const window = tokens.slice(after, after + 6).map((t) => t.fold);
  // An exact word counts twice a shared stem ("jeunesse" is the Jeunesse group before "Habitat jeune").
  const score = (n: NamedInstance, words: readonly string[]): number =>
    n.words.reduce((s, w) => s + (words.includes(w) ? 2 : words.some((x) => sameWord(x, w)) ? 1 : 0), 0) +
    (words.slice(0, 2).some((x) => n.initials.includes(x)) ? 4 : 0);
  const ranked = candidates
    .map((n) => ({ n, s: score(n, window) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s);
  const [best, second] = ranked;
  if (best === undefined || (second !== undefined && second.s === best.s)) return null;
  return best.n;
}

/** Words that end a free name: dates, numbers, document words. */
const NAME_STOP = new Set(
  `du cr odj pv compte rendu ordre bilan diapo diaporama presentation emargement invitation
  convocation hier demain aujourd ce cette lundi mardi mercredi jeudi vendredi samedi dimanche
  janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre copil
  cotech ctg maj version final finale v1 v2 v3 scan signee signe et pour avec relu relue valide
  validee prochain prochaine dernier derniere reunion action actions fiche fiches`.split(/\s+/),
);

/** A name written right after the keyword: "GT parentalité" → "Parentalité", "GT axe 2" → "Axe 2". */
export function freeName(source: string, tokens: readonly Token[], after: number): string | null {
  let i = after;
  while (tokens[i] !== undefined && STOPWORDS.has(tokens[i]?.fold ?? "")) i++;
  const first = tokens[i];
  if (first === undefined) return null;
  const next = tokens[i + 1];
  if (first.fold === "axe" && next !== undefined && /^\d+$/.test(next.fold)) return `Axe ${next.fold}`;
  const glued = /^axe(\d+)$/.exec(first.fold);
  if (glued !== null) return `Axe ${glued[1]}`;
  const kept: Token[] = [];
  for (let j = i; j < tokens.length && kept.length < 4; j++) {
    const t = tokens[j];
    if (t === undefined || /\d/.test(t.fold) || NAME_STOP.has(t.fold)) break;
    kept.push(t);
  }
  while (kept.length > 0 && STOPWORDS.has(kept[kept.length - 1]?.fold ?? "")) kept.pop();
  const [head] = kept;
  const last = kept[kept.length - 1];
  if (head === undefined || last === undefined || head.fold.length < 3) return null;
  return capitalize(source.slice(head.start, last.start + last.text.length).replace(/[_\s]+/g, " "));
}
