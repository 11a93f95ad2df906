import { parseEcheancier } from "../domain/echeancier/parse-echeancier.ts";
import type { ParsedMilestone } from "../domain/echeancier/types.ts";
import type { PlanFile } from "../domain/plan/plan-schema.ts";
import { normalizeKey } from "../domain/text/normalize.ts";
import { isoToDate, localToInstant } from "../domain/time/zoned.ts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { syncMilestones, syncObjectives, syncPersonDetails } from "./plan-import-children.ts";
import { auditEntryData } from "./prisma-audit-log.ts";
import { type SyncOutcome, sameValue, syncCollection } from "./sync-collection.ts";

type Tx = Prisma.TransactionClient;

export type CollectionName =
  | "communes"
  | "axes"
  | "actions"
  | "personnes"
  | "instances"
  | "evenements"
  | "equipements"
  | "glossaire"
  | "regles";

export interface ImportReport {
  slug: string;
  territoryCreated: boolean;
  territoryUpdated: boolean;
  collections: Record<CollectionName, SyncOutcome>;
}

export function countChanges(report: ImportReport): number {
  return (
    Number(report.territoryCreated || report.territoryUpdated) +
    Object.values(report.collections).reduce((n, c) => n + c.created.length + c.updated.length, 0)
  );
}

/** The échéancier is read against a stable reference date, so importing tomorrow gives the same milestones. */
export function milestoneReference(plan: PlanFile, today: string): string {
  const c = plan.territoire.convention;
  return c?.debut ?? c?.signee_le ?? today;
}

export function milestonesOf(action: PlanFile["actions"][number], ref: string): ParsedMilestone[] {
  if (action.jalons) {
    return action.jalons.map((j) => ({
      label: j.libelle,
      start: j.debut,
      end: j.fin,
      precision: j.precision,
      text: j.texte ?? j.libelle,
      confidence: 1,
    }));
  }
  return action.echeancier ? parseEcheancier(action.echeancier, { ref }) : [];
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
const dateOrNull = (v: string | undefined) => (v === undefined ? null : isoToDate(v));

/**
 * Upserts a validated plan file: idempotent, and nothing missing from the file is deleted. With
 * `audit`, an import that changed something is recorded ("plan.imported") in the same transaction.
 */
export async function importPlan(
  prisma: PrismaClient,
  plan: PlanFile,
  today: string,
  audit?: { actor: string; at: Date },
): Promise<ImportReport> {
  return prisma.$transaction(
    async (tx) => {
      const report = await importInTransaction(tx, plan, today);
      const changes = countChanges(report);
      if (audit !== undefined && changes > 0) {
        const territory = await tx.territory.findUniqueOrThrow({ where: { slug: report.slug } });
        const data = auditEntryData(
          {
            territoryId: territory.id,
            actor: audit.actor,
            action: "plan.imported",
            target: report.slug,
            details: { created: report.territoryCreated, changes },
          },
          audit.at,
        );
        await tx.auditEntry.create({ data });
      }
      return report;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

export async function importInTransaction(tx: Tx, plan: PlanFile, today: string): Promise<ImportReport> {
  const t = plan.territoire;
  const zone = t.fuseau;
  const territoryData = {
    name: t.nom,
    shortName: orNull(t.nom_court),
    article: orNull(t.article),
    timezone: zone,
    description: orNull(t.description),
    conventionTitle: orNull(t.convention?.intitule),
    conventionStart: dateOrNull(t.convention?.debut),
    conventionEnd: dateOrNull(t.convention?.fin),
    signedOn: dateOrNull(t.convention?.signee_le),
    noticeMonths: orNull(t.convention?.preavis_mois),
    signatories: t.convention?.signataires ?? [],
    partners: t.partenaires ?? [],
    source: orNull(t.source),
    // A plan file without `rappels:` keeps what the coordinators set in chat (« rappels heure 8 »).
    ...(plan.rappels !== undefined ? { reminderPolicy: plan.rappels } : {}),
  };
  const existing = await tx.territory.findUnique({ where: { slug: t.slug } });
  let territoryId: string;
  let territoryUpdated = false;
  if (existing === null) {
    territoryId = (await tx.territory.create({ data: { slug: t.slug, ...territoryData } })).id;
  } else {
    territoryId = existing.id;
    const differs = Object.entries(territoryData).some(
      ([k, v]) => !sameValue(existing[k as keyof typeof existing], v),
    );
    if (differs) {
      await tx.territory.update({ where: { id: territoryId }, data: territoryData });
      territoryUpdated = true;
    }
  }
  const ref = milestoneReference(plan, today);
  const tid = { territoryId };

  const communes = await syncCollection({
    existing: await tx.commune.findMany({ where: tid }),
    desired: plan.communes.map((c, position) => ({ ...c, position })),
    rowKey: (r) => r.slug,
    desiredKey: (c) => normalizeKey(c.nom),
    data: (c) => ({ name: c.nom, postalCode: orNull(c.code_postal), position: c.position }),
    create: (c, data) =>
      tx.commune.create({ data: { ...tid, slug: normalizeKey(c.nom), ...(data as { name: string }) } }),
    update: (r, _c, data) => tx.commune.update({ where: { id: r.id }, data }),
  });
  const communeId = (name: string) => communes.rows.get(normalizeKey(name))?.id;

  const axes = await syncCollection({
    existing: await tx.axis.findMany({ where: tid, include: { objectives: true } }),
    desired: plan.axes.map((a, position) => ({ ...a, position })),
    rowKey: (r) => r.number,
    desiredKey: (a) => a.numero,
    data: (a) => ({ title: a.titre, description: orNull(a.description), position: a.position }),
    create: (a, data) =>
      tx.axis.create({
        data: { ...tid, number: a.numero, ...(data as { title: string }) },
        include: { objectives: true },
      }),
    update: (r, _a, data) => tx.axis.update({ where: { id: r.id }, data, include: { objectives: true } }),
    children: (row, a) => syncObjectives(tx, row.id, row.objectives, a.enjeux),
  });
  const axisId = (n: string | undefined) => (n === undefined ? null : (axes.rows.get(n)?.id ?? null));

  const actions = await syncCollection({
    existing: await tx.action.findMany({
      where: tid,
      include: { milestones: { orderBy: { position: "asc" } } },
    }),
    desired: plan.actions.map((a, position) => ({ ...a, position })),
    rowKey: (r) => r.number,
    desiredKey: (a) => a.numero,
    data: (a) => ({
      axisId: axisId(a.axe),
      title: a.titre,
      objective: orNull(a.objectif),
      constat: orNull(a.constat),
      objectifs: a.objectifs,
      pilote: orNull(a.pilote),
      partenaires: a.partenaires,
      publicCible: orNull(a.public_cible),
      resultatsAttendus: a.resultats_attendus,
      moyens: orNull(a.moyens),
      indicateurs: a.indicateurs,
      status: a.statut,
      echeancier: orNull(a.echeancier),
      linkedAxes: a.axes_lies,
      explicitMilestones: a.jalons !== undefined,
      source: orNull(a.source),
      position: a.position,
    }),
    create: (a, data) =>
      tx.action.create({
        data: { ...(data as Prisma.ActionUncheckedCreateWithoutTerritoryInput), ...tid, number: a.numero },
        include: { milestones: true },
      }),
    update: (r, _a, data) => tx.action.update({ where: { id: r.id }, data, include: { milestones: true } }),
    children: (row, a) => syncMilestones(tx, row.id, row.milestones, milestonesOf(a, ref)),
  });
  const actionId = (n: string | undefined) => (n === undefined ? null : (actions.rows.get(n)?.id ?? null));

  const persons = await syncCollection({
    existing: await tx.person.findMany({ where: tid, include: { roles: true, identities: true } }),
    desired: plan.personnes.map((p, position) => ({ ...p, position })),
    rowKey: (r) => r.key,
    desiredKey: (p) => p.cle,
    data: (p) => ({
      name: p.nom,
      organisation: orNull(p.organisation),
      title: orNull(p.fonction),
      email: orNull(p.email),
      position: p.position,
    }),
    create: (p, data) =>
      tx.person.create({
        data: { ...tid, key: p.cle, ...(data as { name: string }) },
        include: { roles: true, identities: true },
      }),
    update: (r, _p, data) =>
      tx.person.update({ where: { id: r.id }, data, include: { roles: true, identities: true } }),
    children: (row, p) =>
      syncPersonDetails(
        tx,
        row,
        p.roles.map((r, position) => ({
          role: r.role,
          communeId: r.commune === undefined ? null : (communeId(r.commune) ?? null),
          actionId: actionId(r.action),
          detail: orNull(r.precision),
          position,
        })),
        Object.entries(p.identites ?? {})
          .filter((e): e is [string, string] => e[1] !== undefined)
          .map(([platform, externalId], position) => ({ platform, externalId, position })),
      ),
  });

  const instances = await syncCollection({
    existing: await tx.instance.findMany({ where: tid }),
    desired: plan.instances.map((x, position) => ({ ...x, position })),
    rowKey: (r) => r.key,
    desiredKey: (x) => x.cle,
    data: (x) => ({
      kind: x.type,
      name: x.nom,
      role: orNull(x.role),
      composition: orNull(x.composition),
      frequency: orNull(x.frequence),
      minPerYear: orNull(x.min_par_an),
      secretariat: orNull(x.secretariat),
      animation: orNull(x.animation),
      source: orNull(x.source),
      position: x.position,
    }),
    create: (x, data) =>
      tx.instance.create({
        data: { ...tid, key: x.cle, ...(data as { kind: typeof x.type; name: string }) },
      }),
    update: (r, _x, data) => tx.instance.update({ where: { id: r.id }, data }),
  });

  const events = await syncCollection({
    existing: await tx.event.findMany({ where: tid }),
    desired: plan.evenements.map((e, position) => ({ ...e, position })),
    rowKey: (r) => r.key,
    desiredKey: (e) => e.cle,
    data: (e) => ({
      kind: e.type,
      title: e.titre,
      start: localToInstant(e.debut, zone),
      end: e.fin === undefined ? null : localToInstant(e.fin, zone),
      allDay: e.debut.length === 10,
      place: orNull(e.lieu),
      description: orNull(e.description),
      tentative: e.provisoire,
      example: e.exemple,
      source: orNull(e.source),
      position: e.position,
    }),
    create: (e, data) =>
      tx.event.create({
        data: { ...tid, key: e.cle, ...(data as { kind: typeof e.type; title: string; start: Date }) },
      }),
    update: (r, _e, data) => tx.event.update({ where: { id: r.id }, data }),
  });

  const equipmentKey = (commune: string, type: string, name: string) =>
    [normalizeKey(commune), normalizeKey(type), normalizeKey(name)].join("|");
  const equipmentRows = await tx.equipment.findMany({ where: tid, include: { commune: true } });
  const equipment = await syncCollection({
    existing: equipmentRows,
    desired: plan.equipements.map((e, position) => ({ ...e, position })),
    rowKey: (r) => equipmentKey(r.commune.name, r.type, r.name),
    desiredKey: (e) => equipmentKey(e.commune, e.type, e.nom),
    data: (e) => ({ type: e.type, name: e.nom, address: orNull(e.adresse), position: e.position }),
    create: async (e, data) =>
      tx.equipment.create({
        data: { ...tid, communeId: communeId(e.commune) ?? "", ...(data as { type: string; name: string }) },
        include: { commune: true },
      }),
    update: (r, _e, data) => tx.equipment.update({ where: { id: r.id }, data, include: { commune: true } }),
  });

  const glossary = await syncCollection({
    existing: await tx.glossaryEntry.findMany({ where: tid }),
    desired: plan.glossaire.map((g, position) => ({ ...g, position })),
    rowKey: (r) => `${r.acronym}|${normalizeKey(r.expansion)}`,
    desiredKey: (g) => `${g.sigle}|${normalizeKey(g.definition)}`,
    data: (g) => ({
      acronym: g.sigle,
      expansion: g.definition,
      explanation: orNull(g.explication),
      position: g.position,
    }),
    create: (_g, data) =>
      tx.glossaryEntry.create({ data: { ...tid, ...(data as { acronym: string; expansion: string }) } }),
    update: (r, _g, data) => tx.glossaryEntry.update({ where: { id: r.id }, data }),
  });

  const rules = await syncCollection({
    existing: await tx.rule.findMany({ where: tid }),
    desired: plan.regles.map((r, position) => ({ ...r, position })),
    rowKey: (r) => r.key,
    desiredKey: (r) => r.cle,
    data: (r) => ({
      text: r.texte,
      params: r.parametres ?? null,
      source: orNull(r.source),
      position: r.position,
    }),
    create: (r, data) =>
      tx.rule.create({
        data: { ...tid, key: r.cle, ...(data as { text: string }), params: r.parametres ?? undefined },
      }),
    update: (row, r, data) =>
      tx.rule.update({ where: { id: row.id }, data: { ...data, params: r.parametres ?? undefined } }),
  });

  const strip = ({ rows: _rows, ...outcome }: SyncOutcome & { rows: unknown }): SyncOutcome => outcome;
  const report = {
    communes: strip(communes),
    axes: strip(axes),
    actions: strip(actions),
    personnes: strip(persons),
    instances: strip(instances),
    evenements: strip(events),
    equipements: strip(equipment),
    glossaire: strip(glossary),
    regles: strip(rules),
  };
  const changed = Object.values(report).some((c) => c.created.length + c.updated.length > 0);
  // The territory's updatedAt is the version of its whole plan: caches of it (questions) reload.
  if (changed && !territoryUpdated && existing !== null) {
    await tx.territory.update({ where: { id: territoryId }, data: { updatedAt: new Date() } });
  }
  return {
    slug: t.slug,
    territoryCreated: existing === null,
    territoryUpdated,
    collections: report,
  };
}
