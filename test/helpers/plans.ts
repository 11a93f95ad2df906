import { readFile } from "node:fs/promises";
import path from "node:path";
import { parsePlan } from "../../src/domain/plan/load-plan.ts";
import type { PlanFile } from "../../src/domain/plan/plan-schema.ts";
import { DEMO_PLANS_DIR } from "../../src/store/seed.ts";

export const DEMO_SLUGS = [
  "agen",
  "golfe-morbihan-vannes",
  "grand-chatellerault",
  "mellois-en-poitou",
  "vendee-sevre-autise",
] as const;

export async function loadDemoPlan(slug: string): Promise<PlanFile> {
  const file = path.join(DEMO_PLANS_DIR, `${slug}.yaml`);
  const result = parsePlan(await readFile(file, "utf8"), `${slug}.yaml`);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}
