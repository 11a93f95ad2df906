import type { TerritoryKnowledge } from "../knowledge.ts";
import type { CalendarEvent } from "../model.ts";
import { MONTH_ABBREVIATIONS, MONTHS as MONTH_NAMES } from "../text/french/calendar.ts";
import { localDate } from "../time/zoned.ts";
import type { Hit } from "./hit.ts";
import type { FilingLexicon } from "./lexicon-schema.ts";
import { quote, type Token, tokenize } from "./tokens.ts";
import type { FieldGuess, FieldSource, SubjectMatch } from "./types.ts";

/**
 * The year a text says a document is about: « Bilan 2023 », « TDB 2024 », « évaluation
 * 2018-2022 » (the end of a period), « le TDB de l'an dernier » (relative to the posting day).
 * A single year beats a period (a heading « CTG 2022-2026 » names the convention, not the
 * subject); the first one named wins. Years far from the convention are not subjects.
 */
export function findSubjectYear(
  text: string,
  today: string,
  lexicon: FilingLexicon | null,
  span: { from: number; to: number },
): Hit<string> | null {
  const tokens = tokenize(text);
  const year = (t: Token | undefined) =>
    t !== undefined &&
    /^(19|20)\d\d$/.test(t.fold) &&
    Number(t.fold) >= span.from &&
    Number(t.fold) <= span.to
      ? Number(t.fold)
      : null;
  let period: Hit<string> | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const y = year(tokens[i]);
    if (y === null) continue;
    // « 2018-2022 », « 2022/2023 »: a period, whose subject is its last year.
    const end = year(tokens[i + 1]);
    if (end !== null && end > y && end - y <= 6 && /^\s*[-/–]\s*$/.test(between(text, tokens, i))) {
      period ??= {
        value: String(end),
        confidence: 0.6,
        index: tokens[i]?.start ?? 0,
        evidence: quote(`${y}-${end}`),
      };
      i++;
      continue;
    }
    // Part of a written date (« 12/03/2024 », « 5 mars 2024 »): the date says it already.
    if (partOfDate(tokens, i)) continue;
    return { value: String(y), confidence: 0.8, index: tokens[i]?.start ?? 0, evidence: quote(String(y)) };
  }
  if (period !== null) return period;
  if (lexicon === null) return null;
  const folded = ` ${tokens.map((t) => t.fold).join(" ")} `;
  for (const { words, offset } of lexicon.relativeYears) {
    const said = words.find((w) => folded.includes(` ${w} `));
    if (said !== undefined) {
      return {
        value: String(Number(today.slice(0, 4)) + offset),
        confidence: 0.7,
        index: folded.indexOf(` ${said} `),
        evidence: quote(said),
      };
    }
  }
  return null;
}

function between(text: string, tokens: readonly Token[], i: number): string {
  const a = tokens[i];
  const b = tokens[i + 1];
  return a === undefined || b === undefined ? "" : text.slice(a.start + a.text.length, b.start);
}

function partOfDate(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1]?.fold ?? "";
  const after = tokens[i + 1]?.fold ?? "";
  return (
    MONTH_NAMES.has(before) ||
    MONTH_ABBREVIATIONS.has(before) ||
    /^\d{1,2}$/.test(before) ||
    /^\d{1,2}$/.test(after)
  );
}

/** The plan's events that cover a local calendar day (a photo taken or posted that day is of them). */
export function eventsOfDay(knowledge: TerritoryKnowledge, day: string, zone: string): CalendarEvent[] {
  return knowledge.events.filter((e) => {
    const start = localDate(e.start, zone);
    const end = e.end === null ? start : localDate(e.end, zone);
    return start <= day && day <= end;
  });
}

/** How far ahead of the second a fiche must be for its words alone to say the document is its own. */
export const SUBJECT = {
  /** Best score over the second's. */
  lead: 1.4,
  /** Below this, the words shared with the plan are too few to decide anything. */
  floor: 6,
  /** Below this, too few even to offer the fiche among the choices when the bot asks. */
  offerFloor: 2.5,
  /** Confidence of an action read from the subject alone, when clearly ahead. */
  sure: 0.7,
  /** Confidence of each of the choices when none is ahead: below the rules' asking threshold. */
  choice: 0.5,
  /** At most this many fiches offered, each within `choiceRatio` of the best. */
  choices: 3,
  choiceRatio: 0.6,
};

/** The action the words point to (clearly ahead) or the two or three to choose from. */
export function actionFromSubjects(
  matches: readonly SubjectMatch[],
  sourceOf: (words: readonly string[]) => FieldSource,
): { action: FieldGuess<string> | null; choices: FieldGuess<string>[] } {
  const [best, second] = matches;
  if (best === undefined || best.score < SUBJECT.offerFloor) return { action: null, choices: [] };
  const guess = (m: SubjectMatch, confidence: number): FieldGuess<string> => ({
    value: m.action,
    confidence,
    source: sourceOf(m.words),
    reason:
      m.words.length > 0
        ? `sujet de l'action ${m.action} (${m.words.map((w) => `« ${w} »`).join(", ")})`
        : `sujet proche de l'action ${m.action}`,
  });
  if (best.score >= SUBJECT.floor && (second === undefined || best.score >= SUBJECT.lead * second.score)) {
    return { action: guess(best, SUBJECT.sure), choices: [] };
  }
  const choices = matches
    .slice(0, SUBJECT.choices)
    .filter((m) => m.score >= SUBJECT.choiceRatio * best.score)
    .map((m) => guess(m, SUBJECT.choice));
  return { action: null, choices };
}
