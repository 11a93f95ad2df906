import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { type FilingLexicon, filingLexiconSchema, toFilingLexicon } from "../domain/filing/lexicon-schema.ts";

/** The filing's word lists: prisma/filing/lexicon.yaml. */
export const FILING_LEXICON_FILE = fileURLToPath(
  new URL("../../prisma/filing/lexicon.yaml", import.meta.url),
);

/** Reads and checks the filing's word lists; a mistake names the key, in French. */
export async function loadFilingLexicon(file: string = FILING_LEXICON_FILE): Promise<FilingLexicon> {
  const parsed = filingLexiconSchema.safeParse(parse(await readFile(file, "utf8")));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${file}, clé « ${i.path.join(".")} » : ${i.message}`);
    throw new Error(`Mots du classement invalides :\n${issues.join("\n")}`);
  }
  return toFilingLexicon(parsed.data);
}
