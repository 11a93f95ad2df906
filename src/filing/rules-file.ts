import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { formatRulesIssue, parseFilingRules } from "../domain/filing/parse-rules.ts";
import type { FilingRules } from "../domain/filing/rules-schema.ts";

/** The bot's own rules: the default tree of docs/filing.md. */
export const DEFAULT_RULES_FILE = fileURLToPath(new URL("../../prisma/filing/default.yaml", import.meta.url));

/** Thrown with every problem of the file, one per line, in French. */
export class FilingRulesError extends Error {
  readonly issues: string[];

  constructor(issues: string[]) {
    super(`Règles de classement invalides :\n${issues.join("\n")}`);
    this.name = "FilingRulesError";
    this.issues = issues;
  }
}

/** Reads and checks a rule file (the default one when no path is given). */
export async function loadFilingRules(file: string = DEFAULT_RULES_FILE): Promise<FilingRules> {
  const result = parseFilingRules(await readFile(file, "utf8"), file);
  if (!result.ok) throw new FilingRulesError(result.issues.map(formatRulesIssue));
  return result.rules;
}
