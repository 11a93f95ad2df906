import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.ts";
import { CLI_ACTOR } from "../domain/audit.ts";
import { formatPlanIssue, parsePlan } from "../domain/plan/load-plan.ts";
import type { PlanFile } from "../domain/plan/plan-schema.ts";
import { localDate } from "../domain/time/zoned.ts";
import { openDatabase } from "../store/database.ts";
import { type CollectionName, countChanges, type ImportReport, importPlan } from "../store/plan-import.ts";
import { CliFailure, type CliIo } from "./io.ts";

const LABELS: Record<CollectionName, string> = {
  communes: "communes",
  axes: "axes",
  actions: "actions",
  personnes: "personnes",
  instances: "instances",
  evenements: "évènements",
  equipements: "équipements",
  glossaire: "entrées du glossaire",
  regles: "règles",
};

function describe(report: ImportReport): string[] {
  const lines: string[] = [];
  const head = report.territoryCreated
    ? "territoire créé"
    : countChanges(report) === 0
      ? "aucune modification"
      : "mis à jour";
  lines.push(`${report.slug} : ${head}.`);
  for (const [name, c] of Object.entries(report.collections) as [
    CollectionName,
    ImportReport["collections"][CollectionName],
  ][]) {
    const parts = [
      c.created.length ? `${c.created.length} ajouté(s)` : "",
      c.updated.length ? `${c.updated.length} modifié(s)` : "",
    ].filter(Boolean);
    if (parts.length) lines.push(`  ${LABELS[name]} : ${parts.join(", ")}`);
    if (c.missing.length) {
      lines.push(
        `  ⚠ ${LABELS[name]} absent(e)s du fichier mais conservé(e)s en base : ${c.missing.join(", ")} (rien n'est supprimé automatiquement).`,
      );
    }
  }
  return lines;
}

/** `ctg-bot import FICHIER…`: validates every file first, then upserts each territory. */
export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false } },
  });
  if (positionals.length === 0) {
    throw new CliFailure(
      "usage",
      "Indiquez au moins un fichier de plan, par exemple : npx ctg-bot import prisma/plans/agen.yaml",
    );
  }
  const config = loadConfig(process.env);
  const plans: PlanFile[] = [];
  const problems: string[] = [];
  let unreadable = false;
  for (const file of positionals) {
    const source = await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
      problems.push(`${file} : lecture impossible (${e.code ?? e.message}).`);
      unreadable = true;
      return null;
    });
    if (source === null) continue;
    const parsed = parsePlan(source, path.basename(file), { defaultTimezone: config.DEFAULT_TIMEZONE });
    if (!parsed.ok) {
      for (const issue of parsed.issues) problems.push(formatPlanIssue(issue));
      continue;
    }
    plans.push(parsed.plan);
  }
  if (problems.length > 0) {
    problems.push("Import annulé : aucun fichier n'a été importé.");
    throw new CliFailure(unreadable ? "file-not-found" : "invalid-plan", problems.join("\n"), 1);
  }
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const reports: ImportReport[] = [];
    for (const plan of plans) {
      const now = new Date();
      const report = await importPlan(db.prisma, plan, localDate(now, plan.territoire.fuseau), {
        actor: CLI_ACTOR,
        at: now,
      });
      reports.push(report);
      if (!values.json) for (const line of describe(report)) io.err(line);
    }
    if (values.json) io.out(JSON.stringify(reports));
    return 0;
  } finally {
    await db.close();
  }
}
