import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePlan } from "../../src/domain/plan/load-plan.ts";
import type { PlanFile } from "../../src/domain/plan/plan-schema.ts";
import { type Database, openDatabase } from "../../src/store/database.ts";
import { loadMigrations } from "../../src/store/migrate.ts";
import { exportPlan, planToYaml } from "../../src/store/plan-export.ts";
import { countChanges, importPlan } from "../../src/store/plan-import.ts";
import { PrismaPlanRepository } from "../../src/store/prisma-plan-repository.ts";
import { DATABASE_KINDS, type TestDatabase } from "../helpers/databases.ts";
import { DEMO_SLUGS, loadDemoPlan } from "../helpers/plans.ts";

const TODAY = "2026-11-22";

describe.each(DATABASE_KINDS)("plan store on %s", (_label, create) => {
  let testDb: TestDatabase;
  let db: Database;
  const plans = new Map<string, PlanFile>();

  beforeAll(async () => {
    testDb = await create();
    db = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir });
    for (const slug of DEMO_SLUGS) plans.set(slug, await loadDemoPlan(slug));
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("applies the migration history on an empty database, once", async () => {
    const history = (await loadMigrations()).map((m) => m.name);
    expect(history[0]).toBe("20261122000000_init");
    expect(db.migrations.applied).toEqual(history);
    const again = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir }).catch((e: Error) => e);
    if (testDb.kind === "pglite") {
      // The embedded database is single-process: a second opener is refused, in French.
      expect(again).toBeInstanceOf(Error);
      expect((again as Error).message).toContain("déjà utilisée par le processus");
    } else {
      const second = again as Database;
      expect(second.migrations.applied).toEqual([]);
      expect(second.migrations.alreadyApplied).toBe(history.length);
      await second.close();
    }
  });

  it("imports the five demo territories", async () => {
    for (const plan of plans.values()) {
      const report = await importPlan(db.prisma, plan, TODAY);
      expect(report.territoryCreated).toBe(true);
      expect(report.collections.actions.created).toHaveLength(plan.actions.length);
    }
    expect(await db.prisma.territory.count()).toBe(5);
  });

  it("changes nothing when the same files are imported twice", async () => {
    for (const plan of plans.values()) {
      const report = await importPlan(db.prisma, plan, TODAY);
      expect(countChanges(report)).toBe(0);
      expect(report.collections.actions.unchanged).toBe(plan.actions.length);
    }
  });

  it("reads Agen's action 11 with its échéancier as milestones", async () => {
    const repo = new PrismaPlanRepository(db.prisma);
    const agen = await repo.getTerritory("agen");
    expect(agen?.conventionEnd).toBe("2026-12-31");
    expect(agen?.noticeMonths).toBe(6);
    const action = await repo.getAction(agen?.id ?? "", "11");
    expect(action?.title).toBe("Accueillir en structure et renforcer l'accueil individualisé");
    expect(action?.axisNumber).toBe("4");
    expect(action?.milestones.map((m) => [m.start, m.end, m.precision])).toEqual([
      ["2023-01-01", "2023-12-31", "year"],
      ["2023-01-01", "2027-12-31", "range"],
    ]);
    expect(action?.milestones[0]?.label).toMatch(/protocole d'action/);
    expect(action?.milestones[1]?.label).toMatch(/déploiement/);
  });

  it("finds milestones and events by date range", async () => {
    const repo = new PrismaPlanRepository(db.prisma);
    const agen = await repo.getTerritory("agen");
    const in2024 = await repo.listMilestones(agen?.id ?? "", { from: "2024-01-01", to: "2024-12-31" });
    expect(in2024.map((m) => m.actionNumber)).toContain("3");
    expect(in2024.every((m) => (m.start ?? "") <= "2024-12-31" && (m.end ?? "") >= "2024-01-01")).toBe(true);
    const mellois = await repo.getTerritory("mellois-en-poitou");
    const jan2024 = await repo.listEvents(mellois?.id ?? "", {
      from: new Date("2024-01-01T00:00:00Z"),
      to: new Date("2024-01-31T23:00:00Z"),
    });
    expect(jan2024.map((e) => e.kind)).toContain("reunion_partenariale");
  });

  it("exports each territory back to the same plan, losslessly", async () => {
    for (const [slug, plan] of plans) {
      const exported = await exportPlan(db.prisma, slug);
      expect(exported).not.toBeNull();
      const reparsed = parsePlan(planToYaml(exported ?? plan), `${slug}.yaml`);
      expect(reparsed.ok).toBe(true);
      if (reparsed.ok) expect(reparsed.plan).toEqual(plan);
    }
  });

  it("reports an action missing from a new version of the file and keeps it", async () => {
    const agen = plans.get("agen");
    if (!agen) throw new Error("agen plan not loaded");
    const changed: PlanFile = {
      ...agen,
      actions: agen.actions
        .filter((a) => a.numero !== "13")
        .map((a) => (a.numero === "2" ? { ...a, statut: "en_cours" as const } : a)),
    };
    const report = await importPlan(db.prisma, changed, TODAY);
    expect(report.collections.actions.missing).toEqual(["13"]);
    expect(report.collections.actions.updated).toEqual(["2"]);
    const repo = new PrismaPlanRepository(db.prisma);
    const territory = await repo.getTerritory("agen");
    expect(await repo.getAction(territory?.id ?? "", "13")).not.toBeNull();
    expect((await repo.getAction(territory?.id ?? "", "2"))?.status).toBe("en_cours");
  });

  it("binds a channel to a territory", async () => {
    const repo = new PrismaPlanRepository(db.prisma);
    expect(await repo.getChannelTerritory("console", "c1")).toBeNull();
    await repo.bindChannel("console", "c1", "agen");
    await repo.bindChannel("console", "c1", "mellois-en-poitou");
    expect(await repo.getChannelTerritory("console", "c1")).toBe("mellois-en-poitou");
  });
});
