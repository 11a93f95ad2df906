import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { INTENTS, REF_TYPES, type Ref } from "../../src/core/qa/types.ts";
import type { QuestionAnswerer } from "../../src/core/questions.ts";

export const QUESTIONS_FILE = new URL("../../test/fixtures/questions.yaml", import.meta.url);
/** Written after the engine was tuned on QUESTIONS_FILE, by someone who saw neither: an honest measure. */
export const HOLDOUT_FILE = new URL("../../test/fixtures/questions-holdout.yaml", import.meta.url);
export const DEFAULT_NOW = "2026-11-22";

const fixtureSchema = z.array(
  z.strictObject({
    territoire: z.string(),
    question: z.string().min(1),
    intent: z.enum(INTENTS),
    refs: z.array(z.strictObject({ type: z.enum(REF_TYPES), id: z.coerce.string() })),
    now: z.coerce.string().optional(),
    note: z.string().optional(),
  }),
);
export type QuestionCase = z.infer<typeof fixtureSchema>[number];

export async function loadQuestions(file: URL = QUESTIONS_FILE): Promise<QuestionCase[]> {
  return fixtureSchema.parse(parse(await readFile(file, "utf8")));
}

export interface CaseResult {
  case: QuestionCase;
  intent: string;
  refs: Ref[];
  top1: boolean;
  intentOk: boolean;
  /** Answered with a fact where the plan has none. */
  invented: boolean;
  ms: number;
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
    results.push({
      case: c,
      intent: got.intent,
      refs: got.refs,
      top1: unanswerable ? got.refs.length === 0 : sameRef(got.refs[0], c.refs[0]),
      intentOk: got.intent === c.intent,
      invented: unanswerable && got.refs.length > 0,
      ms,
    });
  }
  return results;
}

export function summarize(results: CaseResult[]) {
  const answerable = results.filter((r) => r.case.refs.length > 0);
  const unanswerable = results.filter((r) => r.case.refs.length === 0);
  const byIntent = new Map<string, CaseResult[]>();
  for (const r of answerable) byIntent.set(r.case.intent, [...(byIntent.get(r.case.intent) ?? []), r]);
  const rate = (xs: CaseResult[], f: (r: CaseResult) => boolean) =>
    xs.length ? xs.filter(f).length / xs.length : 1;
  return {
    total: results.length,
    top1: rate(results, (r) => r.top1),
    answerableTop1: rate(answerable, (r) => r.top1),
    intentAccuracy: rate(answerable, (r) => r.intentOk),
    perIntent: [...byIntent.entries()].map(([intent, xs]) => ({
      intent,
      n: xs.length,
      top1: rate(xs, (r) => r.top1),
    })),
    unanswerable: unanswerable.length,
    dontKnowRate: rate(unanswerable, (r) => !r.invented),
    invented: unanswerable.filter((r) => r.invented),
    failures: results.filter((r) => !r.top1),
  };
}
