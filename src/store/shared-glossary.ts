import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { type GlossaryFile, glossaryFileSchema } from "../domain/glossary/glossary-schema.ts";
import type { GlossaryEntry } from "../domain/knowledge.ts";
import { formatPath } from "../domain/plan/load-plan.ts";

export const SHARED_GLOSSARY_FILE = fileURLToPath(new URL("../../prisma/glossary.yaml", import.meta.url));

/** Reads and validates the shared glossary; one entry per meaning, the CTG meaning first. */
export async function loadSharedGlossary(file = SHARED_GLOSSARY_FILE): Promise<GlossaryEntry[]> {
  const parsed = glossaryFileSchema.safeParse(parse(await readFile(file, "utf8")));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${file}: ${formatPath(first?.path ?? [])}: ${first?.message}`);
  }
  return flattenGlossary(parsed.data);
}

export function flattenGlossary(file: GlossaryFile): GlossaryEntry[] {
  return file.flatMap((entry) =>
    entry.sens.map((s) => ({
      acronym: entry.sigle,
      expansion: s.definition,
      explanation: s.explication,
      origin: "shared" as const,
      variants: entry.variantes,
    })),
  );
}
