import type { DateExpression } from "./date-expression.ts";
import { parseDateExpressionAt } from "./parse-date-expression.ts";
import type { Token } from "./tokenize.ts";

/** A date expression found in a block, with its place as token indexes and as character offsets. */
export interface DateMatch {
  readonly expression: DateExpression;
  readonly firstToken: number;
  /** Index of the first token after the expression. */
  readonly nextToken: number;
  readonly start: number;
  readonly end: number;
}

/** Scans left to right, taking at each position the longest expression that starts there. */
export function findDateExpressions(tokens: readonly Token[]): DateMatch[] {
  const matches: DateMatch[] = [];
  let index = 0;
  while (index < tokens.length) {
    const found = parseDateExpressionAt(tokens, index);
    const first = tokens[index];
    const last = found === null ? undefined : tokens[found.next - 1];
    if (found === null || first === undefined || last === undefined) {
      index += 1;
      continue;
    }
    matches.push({
      expression: found.value,
      firstToken: index,
      nextToken: found.next,
      start: first.start,
      end: last.end,
    });
    index = found.next;
  }
  return matches;
}
