import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { INTENTS, REF_TYPES, type Ref } from "../../src/core/qa/types.ts";
import type { QuestionAnswerer } from "../../src/core/questions.ts";
import type { Block } from "../../src/core/reply.ts";

/** What the engine may be tuned on. */
export const DEV_FILE = new URL("../../test/fixtures/questions-dev.yaml", import.meta.url);
/** Written on 2026-12-07 by a session that never read the engine nor any other set: may be tuned on. */
export const DEV2_FILE = new URL("../../test/fixtures/questions-dev-2.yaml", import.meta.url);
/** Written on 2026-12-07 by another such session, weighted to rules, themes and people: may be tuned on. */
export const DEV3_FILE = new URL("../../test/fixtures/questions-dev-3.yaml", import.meta.url);
/** Written after the engine was first tuned, by someone who saw neither it nor the dev set; since tuned on. */
export const HOLDOUT_FILE = new URL("../../test/fixtures/questions-holdout.yaml", import.meta.url);
/**
 * Written by a session that never read `src/`, committed before the retrieval engine, never edited
 * after its first run: the honest measure.
 */
export const SEALED_FILE = new URL("../../test/fixtures/questions-sealed.yaml", import.meta.url);
/**
 * Written on 2026-12-07 by a session that never read `src/` nor any other set, committed before the
 * engine changes it measures, never edited after its first run.
 */
export const SEALED2_FILE = new URL("../../test/fixtures/questions-sealed-2.yaml", import.meta.url);
/** Written on 2026-12-07 after sealed set 2's first run, by a session that never read `src/` nor any other set. */
export const SEALED3_FILE = new URL("../../test/fixtures/questions-sealed-3.yaml", import.meta.url);
/** Written on 2026-12-07 after sealed set 3's first run, by a session that never read `src/` nor any other set. */
export const SEALED4_FILE = new URL("../../test/fixtures/questions-sealed-4.yaml", import.meta.url);
/** Written on 2026-12-07 after sealed set 4's first run: a second measure of the same engine. */
export const SEALED5_FILE = new URL("../../test/fixtures/questions-sealed-5.yaml", import.meta.url);
export const DEFAULT_NOW = "2026-11-22";

export const CATEGORIES = [
  "echeance",
  "evenement",
  "personne",
  "champ_fiche",
  "actions_theme",
  "statut",
  "glossaire",
  "equipement",
  "axe_enjeux",
  "instance",
  "convention",
  "outil_charte",
  "decompte",
  "hors_plan",
] as const;

const fixtureSchema = z.array(
  z.strictObject({
    territoire: z.string(),
    question: z.string().min(1),
    /** The older sets name the intent expected (`ask --json`'s `intent`). */
    intent: z.enum(INTENTS).optional(),
    category: z.enum(CATEGORIES).optional(),
    refs: z.array(z.strictObject({ type: z.enum(REF_TYPES), id: z.coerce.string() })),
    /** The one field of the first ref's entity the question asks for: the answer must give that field. */
    field: z.string().optional(),
    now: z.coerce.string().optional(),
    note: z.string().optional(),
  }),
);
export type QuestionCase = z.infer<typeof fixtureSchema>[number];

export async function loadQuestions(file: URL = DEV_FILE): Promise<QuestionCase[]> {
  return fixtureSchema.parse(parse(await readFile(file, "utf8")));
}

export interface CaseResult {
  case: QuestionCase;
  intent: string;
  facet: string | null;
  refs: Ref[];
  text: string;
  /** The answer without its small print: never empty. */
  said: string;
  top1: boolean;
  intentOk: boolean;
  /** Answered with a fact where the plan has none. */
  invented: boolean;
  /** Answered with a fact, and not the expected one (or not the field asked): a confident wrong answer. */
  wrong: boolean;
  /** Said it does not know (no refs). */
  dontKnow: boolean;
  ms: number;
}

/** What a reader sees of a reply beyond its small print (the source line, hints): the answer itself. */
export function saidOf(blocks: readonly Block[]): string {
  return blocks.map(blockWords).join(" ").trim();
}

function blockWords(b: Block): string {
  if (b.type === "context") return "";
  if (b.type === "text" || b.type === "heading") return b.text;
  if (b.type === "list") return b.items.join(" ");
  if (b.type === "fields") return b.fields.map((f) => f.value).join(" ");
  if (b.type === "choices") return `${b.prompt} ${b.choices.map((c) => c.label).join(" ")}`;
  return b.links.map((l) => l.label).join(" ");
}

const sameRef = (a: Ref | undefined, b: Ref | undefined) =>
  a !== undefined && b !== undefined && a.type === b.type && a.id === b.id;

/** Asks every question as a user in a channel bound to its territory, at its reference date. */
export async function evaluate(
  cases: QuestionCase[],
  answererAt: (now: string) => QuestionAnswerer,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const answer = answererAt(c.now ?? DEFAULT_NOW);
    const start = performance.now();
    const got = await answer({ text: c.question, platform: "eval", channelId: c.territoire }, c.territoire);
    const ms = performance.now() - start;
    const unanswerable = c.refs.length === 0;
    const dontKnow = got.refs.length === 0;
    const facet = got.facet;
    const top1 = unanswerable
      ? dontKnow
      : sameRef(got.refs[0], c.refs[0]) && (c.field === undefined || facet === c.field);
    results.push({
      case: c,
      intent: got.intent,
      facet,
      refs: got.refs,
      text: got.reply.blocks
        .map((b) => ("text" in b ? b.text : "items" in b ? b.items.join(" | ") : ""))
        .join(" / "),
      said: saidOf(got.reply.blocks),
      top1,
      intentOk: c.intent === undefined || got.intent === c.intent,
      invented: unanswerable && !dontKnow,
      wrong: !top1 && !dontKnow,
      dontKnow,
      ms,
    });
  }
  return results;
}

const rate = (xs: CaseResult[], f: (r: CaseResult) => boolean) =>
  xs.length ? xs.filter(f).length / xs.length : 1;

function groupBy(results: CaseResult[], key: (r: CaseResult) => string | undefined) {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    const k = key(r);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.entries()].map(([name, xs]) => ({ name, n: xs.length, top1: rate(xs, (r) => r.top1) }));
}

export function summarize(results: CaseResult[]) {
  const answerable = results.filter((r) => r.case.refs.length > 0);
  const unanswerable = results.filter((r) => r.case.refs.length === 0);
  const withIntent = answerable.filter((r) => r.case.intent !== undefined);
  return {
    total: results.length,
    top1: rate(results, (r) => r.top1),
    answerableTop1: rate(answerable, (r) => r.top1),
    intentAccuracy: rate(withIntent, (r) => r.intentOk),
    perIntent: groupBy(answerable, (r) => r.case.intent),
    perCategory: groupBy(results, (r) => r.case.category),
    unanswerable: unanswerable.length,
    /** Share of unanswerable questions answered « ce n'est pas dans le plan ». */
    dontKnowRate: rate(unanswerable, (r) => !r.invented),
    /** Share of all questions answered « je ne sais pas ». */
    dontKnowShare: rate(results, (r) => r.dontKnow),
    /** Share of all questions answered with a wrong fact (or a fact where the plan has none). */
    wrongShare: rate(results, (r) => r.wrong),
    /** Answerable questions the bot said it did not know. */
    missedShare: rate(answerable, (r) => r.dontKnow),
    invented: unanswerable.filter((r) => r.invented),
    failures: results.filter((r) => !r.top1),
  };
}

export type QaSummary = ReturnType<typeof summarize>;
