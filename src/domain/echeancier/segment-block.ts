import { cleanLabel, isMeaningful, trimFragment } from "./clean-label.ts";
import type { DateExpression } from "./date-expression.ts";
import { type DateMatch, findDateExpressions } from "./find-date-expressions.ts";
import { foldText } from "./fold-text.ts";
import { type Token, tokenize } from "./tokenize.ts";

/** A milestone before its dates are resolved. */
export interface MilestoneDraft {
  /** null when the text has no readable date. */
  readonly expression: DateExpression | null;
  readonly label: string;
  readonly text: string;
  /** Drafts written as one run of dates ("16 février et 8 mars 2024") share a group key. */
  readonly group: string;
}

interface Group {
  readonly matches: readonly DateMatch[];
  readonly start: number;
  readonly end: number;
  /** Offset just after the ":" (or " - ") that introduces the label, when the group heads a label. */
  readonly labelStart: number | null;
}

const CONNECTOR_WORDS = new Set(["et", "ou", "puis"]);
const CONNECTOR_MARKS = new Set([
  ",",
  ";",
  "/",
  "|",
  "+",
  "&",
  "'",
  '"',
  "«",
  "»",
  "(",
  ")",
  "-",
  "•",
  "·",
  "*",
]);

function isConnectorOnly(tokens: readonly Token[], from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) {
    const token = tokens[index];
    if (token === undefined) continue;
    const connects =
      token.kind === "word" ? CONNECTOR_WORDS.has(token.text) : CONNECTOR_MARKS.has(token.text);
    if (!connects) return false;
  }
  return true;
}

/** Offset after the separator that makes a date a heading ("2023 : …", "2023 - …"), or null. */
function separatorEnd(tokens: readonly Token[], match: DateMatch, allowDash: boolean): number | null {
  const next = tokens[match.nextToken];
  if (next === undefined || next.kind !== "punct") return null;
  if (next.text === ":") return next.end;
  const after = tokens[match.nextToken + 1];
  const spacedDash = next.text === "-" && next.gapBefore && after?.gapBefore === true;
  return allowDash && spacedDash ? next.end : null;
}

function groupMatches(tokens: readonly Token[], matches: readonly DateMatch[]): Group[] {
  const first = matches[0];
  const opensBlock =
    first !== undefined && tokens.slice(0, first.firstToken).every((token) => token.kind === "punct");
  const allowDash = first !== undefined && opensBlock && separatorEnd(tokens, first, true) !== null;
  const groups: Group[] = [];
  let current: DateMatch[] = [];
  const close = () => {
    const head = current[0];
    const tail = current[current.length - 1];
    if (head === undefined || tail === undefined) return;
    const labelStart = separatorEnd(tokens, tail, allowDash);
    groups.push({ matches: current, start: head.start, end: tail.end, labelStart });
    current = [];
  };
  for (const match of matches) {
    const previous = current[current.length - 1];
    const joined =
      previous !== undefined &&
      separatorEnd(tokens, previous, allowDash) === null &&
      isConnectorOnly(tokens, previous.nextToken, match.firstToken);
    if (!joined) close();
    current.push(match);
  }
  close();
  return groups;
}

function phrase(block: string, match: DateMatch): string {
  return block.slice(match.start, match.end).trim();
}

function draftsOf(block: string, group: Group, key: string, label: string, text: string): MilestoneDraft[] {
  return group.matches.map((match) => ({
    expression: match.expression,
    label: label === "" ? phrase(block, match) : label,
    text: trimFragment(text),
    group: key,
  }));
}

/** Without headings: "Mise en place d'un groupe de travail dès 2023", "2023", "16 février et 8 mars 2024". */
function segmentInline(
  block: string,
  groups: readonly Group[],
  from: number,
  to: number,
  key: string,
): MilestoneDraft[] {
  const first = groups[0];
  if (first === undefined) return [];
  const labelFirst = cleanLabel(block.slice(from, first.start)) !== "";
  const drafts: MilestoneDraft[] = [];
  let previousLabel = "";
  groups.forEach((group, index) => {
    const before = groups[index - 1];
    const after = groups[index + 1];
    let label: string;
    let text: string;
    if (labelFirst) {
      const trailing = after === undefined ? block.slice(group.end, to) : "";
      const separateSentence = /^\s*[.;!?]/.test(trailing);
      const own = block.slice(before?.end ?? from, group.start);
      label = cleanLabel(separateSentence ? own : `${own} ${trailing}`);
      text = block.slice(before?.end ?? from, after === undefined ? to : group.end);
    } else {
      label = cleanLabel(block.slice(group.end, after?.start ?? to));
      text = block.slice(group.start, after?.start ?? to);
    }
    if (label === "" && labelFirst) label = previousLabel;
    previousLabel = label;
    drafts.push(...draftsOf(block, group, `${key}.${index}`, label, text));
  });
  return drafts;
}

/**
 * Splits one block of cleaned text into milestone drafts. When dates head their labels
 * ("2023 : lancement … 2024 : mise en service …"), each heading starts a milestone and dates inside a
 * label stay in the label; otherwise each run of dates is a milestone labelled by the text before it
 * (or after it when the block starts with the date).
 */
export function segmentBlock(block: string, key: string): MilestoneDraft[] {
  const tokens = tokenize(foldText(block));
  const matches = findDateExpressions(tokens);
  if (matches.length === 0) {
    return isMeaningful(block) ? [{ expression: null, label: block, text: block, group: key }] : [];
  }
  const groups = groupMatches(tokens, matches);
  const headings = groups.filter((group) => group.labelStart !== null);
  const firstHeading = headings[0];
  if (firstHeading === undefined) return segmentInline(block, groups, 0, block.length, key);
  const leading = groups.filter((group) => group.end <= firstHeading.start && group.labelStart === null);
  const drafts = segmentInline(block, leading, 0, firstHeading.start, `${key}.lead`);
  headings.forEach((heading, index) => {
    const labelEnd = headings[index + 1]?.start ?? block.length;
    const label = cleanLabel(block.slice(heading.labelStart ?? heading.end, labelEnd));
    const textStart = index === 0 && leading.length === 0 ? 0 : heading.start;
    drafts.push(...draftsOf(block, heading, `${key}.${index}`, label, block.slice(textStart, labelEnd)));
  });
  return drafts;
}
