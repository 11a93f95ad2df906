import { readFile } from "node:fs/promises";
import type { TerritoryKnowledge } from "../../../src/domain/knowledge.ts";
import { parsePlan } from "../../../src/domain/plan/load-plan.ts";
import type { PlanFile } from "../../../src/domain/plan/plan-schema.ts";
import { localToInstant } from "../../../src/domain/time/zoned.ts";
import { DEMO_SLUGS } from "../../helpers/plans.ts";

/** Demo territories, whose real plans the filing fixture is written against. */
export const FILING_SLUGS = DEMO_SLUGS;

/**
 * A demo plan as the bot knows it, without a database: the parts the filing engine reads (axes,
 * actions, instances, events, communes, glossary) mapped as `PrismaPlanRepository.getKnowledge` does.
 */
export async function demoKnowledge(slug: string): Promise<TerritoryKnowledge> {
  const file = new URL(`../../../prisma/plans/${slug}.yaml`, import.meta.url);
  const result = parsePlan(await readFile(file, "utf8"), `${slug}.yaml`);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return knowledgeFromPlan(result.plan);
}

export function knowledgeFromPlan(plan: PlanFile): TerritoryKnowledge {
  const t = plan.territoire;
  const zone = t.fuseau;
  return {
    territory: {
      id: t.slug,
      slug: t.slug,
      name: t.nom,
      shortName: t.nom_court ?? null,
      article: t.article ?? null,
      timezone: zone,
      version: "plan",
      description: t.description ?? null,
      conventionTitle: t.convention?.intitule ?? null,
      conventionStart: t.convention?.debut ?? null,
      conventionEnd: t.convention?.fin ?? null,
      signedOn: t.convention?.signee_le ?? null,
      noticeMonths: t.convention?.preavis_mois ?? null,
      signatories: t.convention?.signataires ?? [],
      partners: t.partenaires ?? [],
      source: t.source ?? null,
    },
    axes: plan.axes.map((a) => ({
      number: a.numero,
      title: a.titre,
      description: a.description ?? null,
      enjeux: [],
    })),
    actions: plan.actions.map((a) => ({
      number: a.numero,
      title: a.titre,
      axisNumber: a.axe ?? null,
      axisTitle: plan.axes.find((x) => x.numero === a.axe)?.titre ?? null,
      status: a.statut,
      pilote: a.pilote ?? null,
      objective: a.objectif ?? null,
      constat: a.constat ?? null,
      objectifs: a.objectifs,
      partenaires: a.partenaires,
      publicCible: a.public_cible ?? null,
      resultatsAttendus: a.resultats_attendus,
      moyens: a.moyens ?? null,
      indicateurs: a.indicateurs,
      echeancier: a.echeancier ?? null,
      linkedAxes: a.axes_lies,
      source: a.source ?? null,
      milestones: [],
    })),
    events: plan.evenements.map((e) => ({
      key: e.cle,
      kind: e.type,
      title: e.titre,
      start: localToInstant(e.debut, zone),
      end: e.fin === undefined ? null : localToInstant(e.fin, zone),
      allDay: !e.debut.includes("T"),
      place: e.lieu ?? null,
      description: e.description ?? null,
      tentative: e.provisoire,
      example: e.exemple,
      source: e.source ?? null,
    })),
    instances: plan.instances.map((i) => ({
      key: i.cle,
      kind: i.type,
      name: i.nom,
      role: i.role ?? null,
      composition: i.composition ?? null,
      frequency: i.frequence ?? null,
      minPerYear: i.min_par_an ?? null,
      secretariat: i.secretariat ?? null,
      animation: i.animation ?? null,
      source: i.source ?? null,
    })),
    persons: [],
    communes: plan.communes.map((c) => ({ name: c.nom, slug: c.nom, postalCode: c.code_postal ?? null })),
    equipment: [],
    glossary: plan.glossaire.map((g) => ({
      acronym: g.sigle,
      expansion: g.definition,
      explanation: g.explication ?? null,
      origin: "territory" as const,
      variants: [],
    })),
    rules: [],
  };
}
