import type { GlossaryEntry } from "../knowledge.ts";
import type { Action } from "../model.ts";
import type { Hit } from "./hit.ts";
import { foldChars, quote, STOPWORDS, type Token, tokenize } from "./tokens.ts";

/** "FA 2.3", "fiche action n°11", "action 11", "fiche-action-1-5": a keyword, then a number. */
const NUMBERED =
  /(?<![a-z0-9])(fiches?[\s_-]*actions?|fa|actions?|fiches?)[\s_-]*(?:(?:n[°o]?|numero)\.?\s*)?(\d{1,2}(?:\s?[.,_-]\s?\d{1,2})?)(?![0-9])/g;
const KEYWORDS = new Set(["action", "actions", "fiche", "fiches", "fa"]);
/** Chat words after "fiche action" that say nothing of which one: "fiche action MAJ", "à relire". */
const NOISE = new Set(
  `maj mise jour version final finale relire relu relue valide validee signe signee nouvelle
  nouveau corrige corrigee projet draft brouillon copie scan doc document voici ci joint jointe
  svp merci bilan cr odj v1 v2 v3 ctg pdf docx odt xlsx`.split(/\s+/),
);

/**
 * The action of the plan a text points at: by number ("FA 2.3", "action 11") or, after the word
 * "action" or "fiche", by words of its title or acronyms ("action RPE", "fiche CLAS"). A number the
 * plan does not have is never returned.
 */
export function findAction(
  text: string,
  actions: readonly Action[],
  glossary: readonly GlossaryEntry[] = [],
): Hit<string> | null {
  if (actions.length === 0) return null;
  return byNumber(text, actions) ?? byTitle(text, actions, glossary);
}

function byNumber(text: string, actions: readonly Action[]): Hit<string> | null {
  const numbers = new Set(actions.map((a) => a.number));
  for (const m of foldChars(text).matchAll(NUMBERED)) {
    const written = (m[2] ?? "").replace(/\s/g, "");
    const [major, minor] = written.split(/[.,_-]/);
    const trim = (part: string | undefined): string => String(Number(part ?? "NaN"));
    const candidates = minor === undefined ? [trim(major)] : [`${trim(major)}.${trim(minor)}`, trim(major)];
    const number = candidates.find((c) => numbers.has(c));
    if (number === undefined) continue;
    // « fiche 2.3 » in a plan without a 2.3 but with a 2: perhaps the 2, perhaps a typo; the bot
    // offers it and asks rather than filing there (below the rules' asking threshold).
    return {
      value: number,
      confidence: number === candidates[0] ? 0.95 : 0.45,
      index: m.index,
      evidence: quote(m[0]),
    };
  }
  return null;
}

const sameWord = (a: string, b: string): boolean =>
  a === b || (a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5));

function titleWords(action: Action, glossary: readonly GlossaryEntry[]): string[] {
  const words = tokenize(action.title).map((t) => t.fold);
  for (const g of glossary) {
    const acronym = g.acronym.toLowerCase();
    const expansion = tokenize(g.expansion).map((t) => t.fold);
    if (words.includes(acronym)) words.push(...expansion);
    else if (expansion.length > 1 && expansion.every((w) => words.includes(w))) words.push(acronym);
  }
  return words.filter((w) => !STOPWORDS.has(w));
}

/** Up to four meaningful words right after "action"/"fiche" when no number follows. */
function queryAfterKeyword(
  tokens: readonly Token[],
): { words: string[]; index: number; written: string } | null {
  const at = tokens.findIndex(
    (t, i) => KEYWORDS.has(t.fold) && !/^\d/.test(tokens[i + 1]?.fold ?? "0") && !planOfActions(tokens, i),
  );
  if (at < 0) return null;
  const words: string[] = [];
  const written: string[] = [];
  for (const t of tokens.slice(at + 1, at + 9)) {
    if (KEYWORDS.has(t.fold) && words.length === 0) continue;
    if (/^\d/.test(t.fold) || KEYWORDS.has(t.fold)) break;
    if (STOPWORDS.has(t.fold) || NOISE.has(t.fold) || t.fold.length < 2) continue;
    words.push(t.fold);
    written.push(t.text);
    if (words.length === 4) break;
  }
  return words.length === 0 ? null : { words, index: at, written: written.join(" ") };
}

/** "plan d'actions" names the whole plan, not one action. */
function planOfActions(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1]?.fold;
  return before === "plan" || (before === "d" && tokens[i - 2]?.fold === "plan");
}

function byTitle(
  text: string,
  actions: readonly Action[],
  glossary: readonly GlossaryEntry[],
): Hit<string> | null {
  const query = queryAfterKeyword(tokenize(text));
  if (query === null) return null;
  const scored = actions
    .map((action) => {
      const words = titleWords(action, glossary);
      return { action, score: query.words.filter((q) => words.some((w) => sameWord(q, w))).length };
    })
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (best === undefined || best.score === 0 || (second !== undefined && second.score === best.score))
    return null;
  const confidence = best.score === query.words.length ? 0.75 : 0.6;
  return { value: best.action.number, confidence, index: query.index, evidence: quote(query.written) };
}
