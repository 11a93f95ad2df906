import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatPlanIssue, parsePlan } from "../domain/plan/load-plan.ts";
import type { PlanFile } from "../domain/plan/plan-schema.ts";
import { localDate } from "../domain/time/zoned.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { importInTransaction } from "./plan-import.ts";

export const DEMO_PLANS_DIR = fileURLToPath(new URL("../../prisma/plans/", import.meta.url));

export interface SeedReport {
  imported: string[];
}

export async function demoPlanFiles(dir = DEMO_PLANS_DIR): Promise<string[]> {
  return (await readdir(dir))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => path.join(dir, f));
}

const SEED_LOCK = 72707370;

/**
 * Loads the demo territories when the database holds none (a fresh `npm start`). One transaction
 * under an advisory lock: several processes starting at once on PostgreSQL seed exactly once.
 */
export async function seedDemoTerritories(
  prisma: PrismaClient,
  now: Date,
  defaultTimezone?: string,
): Promise<SeedReport | null> {
  if ((await prisma.territory.count()) > 0) return null;
  const plans: PlanFile[] = [];
  for (const file of await demoPlanFiles()) {
    const parsed = parsePlan(
      await readFile(file, "utf8"),
      path.basename(file),
      defaultTimezone ? { defaultTimezone } : {},
    );
    if (!parsed.ok) throw new Error(parsed.issues.map(formatPlanIssue).join("\n"));
    plans.push(parsed.plan);
  }
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
      if ((await tx.territory.count()) > 0) return null;
      for (const plan of plans) await importInTransaction(tx, plan, localDate(now, plan.territoire.fuseau));
      return { imported: plans.map((p) => p.territoire.slug) };
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
}
