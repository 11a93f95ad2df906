import { readFile } from "node:fs/promises";
import path from "node:path";
import { formatPlanIssue, parsePlan } from "../domain/plan/load-plan.ts";
import type { CliIo } from "./io.ts";

/** `ctg-bot valider FICHIER…`: checks plan files without touching the database. */
export async function validateCommand(files: string[], io: CliIo): Promise<number> {
  if (files.length === 0) {
    io.err("Indiquez au moins un fichier de plan (YAML).");
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const result = parsePlan(await readFile(file, "utf8"), path.basename(file));
    if (result.ok) {
      const p = result.plan;
      io.out(
        `${path.basename(file)} : valide (${p.territoire.slug}, ${p.axes.length} axes, ${p.actions.length} actions, ${p.evenements.length} évènements, ${p.instances.length} instances, ${p.communes.length} communes, ${p.equipements.length} équipements).`,
      );
    } else {
      failed++;
      for (const issue of result.issues) io.err(formatPlanIssue(issue));
    }
  }
  return failed === 0 ? 0 : 1;
}
