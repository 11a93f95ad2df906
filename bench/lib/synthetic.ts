import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../src/generated/prisma/client.ts";

const THEMES = [
  "parentalité",
  "petite enfance",
  "jeunesse",
  "relais petite enfance",
  "accueil de loisirs",
  "inclusion du handicap",
  "animation de la vie sociale",
  "accès aux droits",
  "mobilité",
  "formation des professionnels",
];
const STEPS = ["lancement", "groupe de travail", "mise en service", "évaluation", "bilan"];

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/**
 * Milestones spread over `year` the way échéanciers read: one already late (last year), one
 * precise day, one month, one quarter, one next year. Spread by action so that every week has some.
 */
function variedMilestone(k: number, action: number, year: number) {
  const month = action % 12;
  switch (k % 5) {
    case 0:
      return { start: utc(year - 1, 0, 1), end: utc(year - 1, 11, 31), precision: "year" as const };
    case 1: {
      const day = utc(year, month, 1 + ((action * 7) % 28));
      return { start: day, end: day, precision: "day" as const };
    }
    case 2:
      return { start: utc(year, month, 1), end: utc(year, month + 1, 0), precision: "month" as const };
    case 3: {
      const q = Math.floor(month / 3) * 3;
      return { start: utc(year, q, 1), end: utc(year, q + 3, 0), precision: "quarter" as const };
    }
    default:
      return { start: utc(year + 1, 0, 1), end: utc(year + 1, 11, 31), precision: "year" as const };
  }
}

/**
 * Writes `count` synthetic territories straight into the database (no plan files): each with
 * `actions` actions over four axes, `milestones` milestones per action and ten events. `varied`
 * spreads the milestones over `eventsYear` with mixed precisions (the reminders benchmark).
 */
export async function seedSyntheticTerritories(
  prisma: PrismaClient,
  count: number,
  actions: number,
  milestones: number,
  options: { eventsYear?: number; varied?: boolean } = {},
): Promise<string[]> {
  const eventsYear = options.eventsYear ?? 2026;
  const territories = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    slug: `synthetique-${String(i + 1).padStart(4, "0")}`,
    name: `Territoire synthétique ${i + 1}`,
    conventionStart: new Date("2024-01-01T00:00:00Z"),
    conventionEnd: new Date("2028-12-31T00:00:00Z"),
    noticeMonths: 6,
    signatories: [],
    partners: ["CAF"],
  }));
  await prisma.territory.createMany({ data: territories });
  const axes = territories.flatMap((t) =>
    [1, 2, 3, 4].map((n) => ({
      id: randomUUID(),
      territoryId: t.id,
      number: String(n),
      title: `Axe ${n} — ${THEMES[n] ?? ""}`,
      position: n,
    })),
  );
  await inChunks(axes, 2000, (data) => prisma.axis.createMany({ data }));
  const actionRows = territories.flatMap((t, ti) =>
    Array.from({ length: actions }, (_, i) => {
      const theme = THEMES[(i + ti) % THEMES.length] ?? "";
      return {
        id: randomUUID(),
        territoryId: t.id,
        axisId: axes[ti * 4 + (i % 4)]?.id ?? null,
        number: String(i + 1),
        title: `Développer l'offre ${theme} (action ${i + 1})`,
        pilote: `Pilote ${i + 1}`,
        partenaires: ["CAF", "Communes"],
        publicCible: theme,
        status: "en_cours" as const,
        position: i,
      };
    }),
  );
  await inChunks(actionRows, 2000, (data) => prisma.action.createMany({ data }));
  const milestoneRows = actionRows.flatMap((a, ai) =>
    Array.from({ length: milestones }, (_, k) => {
      const step = STEPS[k] ?? "étape";
      const base = { actionId: a.id, label: `${step} ${a.title}`, confidence: 1, position: k };
      if (options.varied) return { ...base, ...variedMilestone(k, ai, eventsYear), text: `${step}` };
      const year = 2024 + k;
      return {
        ...base,
        start: new Date(`${year}-01-01T00:00:00Z`),
        end: new Date(`${year}-12-31T00:00:00Z`),
        precision: "year" as const,
        text: `${year} : ${step}`,
      };
    }),
  );
  await inChunks(milestoneRows, 5000, (data) => prisma.milestone.createMany({ data }));
  const events = territories.flatMap((t) =>
    Array.from({ length: 10 }, (_, k) => ({
      territoryId: t.id,
      key: `evenement-${k + 1}`,
      kind: k % 2 === 0 ? ("copil" as const) : ("groupe_de_travail" as const),
      title: k % 2 === 0 ? "Comité de pilotage" : "Groupe de travail",
      start: new Date(Date.UTC(eventsYear, k, 15, 9)),
      position: k,
    })),
  );
  await inChunks(events, 2000, (data) => prisma.event.createMany({ data }));
  return territories.map((t) => t.slug);
}
