import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { Lexicon } from "../core/qa/lexicon.ts";
import { formatPath } from "../domain/plan/load-plan.ts";
import { lexiconSchema } from "../domain/qa/lexicon-schema.ts";

export const LEXICON_FILE = fileURLToPath(new URL("../../prisma/qa/lexicon.yaml", import.meta.url));

/** Reads and validates the question reader's word lists (prisma/qa/lexicon.yaml), compiled once. */
export async function loadLexicon(file = LEXICON_FILE): Promise<Lexicon> {
  const parsed = lexiconSchema.safeParse(parse(await readFile(file, "utf8")));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${file}: ${formatPath(first?.path ?? [])}: ${first?.message}`);
  }
  return new Lexicon(parsed.data);
}
