import type { ParsedMilestone } from "../domain/echeancier/types.ts";
import type { PlanFile } from "../domain/plan/plan-schema.ts";
import { isoToDate } from "../domain/time/zoned.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { sameValue } from "./sync-collection.ts";

/** The rows that belong to one parent (an axis's objectives, an action's milestones, a person's
 * roles): compared as a whole and rewritten only when they differ. Each returns true when it wrote. */

type Tx = Prisma.TransactionClient;

interface RoleRow {
  role: "coordinateur" | "referent_technique" | "referent_elu" | "pilote" | "partenaire";
  communeId: string | null;
  actionId: string | null;
  detail: string | null;
  position: number;
}

interface IdentityRow {
  platform: string;
  externalId: string;
  position: number;
}

export async function syncPersonDetails(
  tx: Tx,
  person: { id: string; roles: RoleRow[]; identities: IdentityRow[] },
  roles: RoleRow[],
  identities: IdentityRow[],
): Promise<boolean> {
  const pick = <T extends object>(rows: T[], keys: (keyof T)[]) =>
    rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
  const rolesSame = sameValue(
    pick(person.roles, ["role", "communeId", "actionId", "detail", "position"]),
    roles,
  );
  const idsSame = sameValue(pick(person.identities, ["platform", "externalId", "position"]), identities);
  if (rolesSame && idsSame) return false;
  await tx.personRole.deleteMany({ where: { personId: person.id } });
  await tx.chatIdentity.deleteMany({ where: { personId: person.id } });
  if (roles.length)
    await tx.personRole.createMany({ data: roles.map((r) => ({ ...r, personId: person.id })) });
  if (identities.length) {
    await tx.chatIdentity.createMany({ data: identities.map((i) => ({ ...i, personId: person.id })) });
  }
  return true;
}

export async function syncObjectives(
  tx: Tx,
  axisId: string,
  existing: { id: string; parentId: string | null; kind: string; title: string; position: number }[],
  enjeux: PlanFile["axes"][number]["enjeux"],
): Promise<boolean> {
  const flatten = (rows: typeof existing) => {
    const parents = rows.filter((r) => r.parentId === null).sort((a, b) => a.position - b.position);
    return parents.map((p) => ({
      titre: p.title,
      objectifs: rows
        .filter((c) => c.parentId === p.id)
        .sort((a, b) => a.position - b.position)
        .map((c) => c.title),
    }));
  };
  if (sameValue(flatten(existing), enjeux)) return false;
  await tx.objective.deleteMany({ where: { axisId } });
  for (const [position, enjeu] of enjeux.entries()) {
    const parent = await tx.objective.create({
      data: { axisId, kind: "enjeu", title: enjeu.titre, position },
    });
    if (enjeu.objectifs.length) {
      await tx.objective.createMany({
        data: enjeu.objectifs.map((title, i) => ({
          axisId,
          parentId: parent.id,
          kind: "objectif_operationnel" as const,
          title,
          position: i,
        })),
      });
    }
  }
  return true;
}

export async function syncMilestones(
  tx: Tx,
  actionId: string,
  existing: {
    label: string;
    start: Date | null;
    end: Date | null;
    precision: string | null;
    text: string;
    confidence: number;
    done: boolean;
  }[],
  desired: ParsedMilestone[],
): Promise<boolean> {
  const view = (m: {
    label: string;
    start: Date | null;
    end: Date | null;
    precision: string | null;
    text: string;
    confidence: number;
  }) => ({
    label: m.label,
    start: m.start,
    end: m.end,
    precision: m.precision,
    text: m.text,
    confidence: m.confidence,
  });
  const rows = desired.map((m) => ({
    label: m.label,
    start: m.start === null ? null : isoToDate(m.start),
    end: m.end === null ? null : isoToDate(m.end),
    precision: m.precision,
    text: m.text,
    confidence: m.confidence,
  }));
  if (sameValue(existing.map(view), rows)) return false;
  // A milestone already marked done stays done when its label and text are unchanged.
  const done = new Set(existing.filter((m) => m.done).map((m) => `${m.label}|${m.text}`));
  await tx.milestone.deleteMany({ where: { actionId } });
  if (rows.length) {
    await tx.milestone.createMany({
      data: rows.map((m, position) => ({ ...m, actionId, position, done: done.has(`${m.label}|${m.text}`) })),
    });
  }
  return true;
}
