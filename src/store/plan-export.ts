import { Document } from "yaml";
import type { PlanInput } from "../domain/plan/plan-schema.ts";
import { dateToIso, instantToLocal } from "../domain/time/zoned.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { jsonObject, ruleParams } from "./json-columns.ts";

/** Drops null, undefined, empty lists and the schema's defaults, so the file stays as short as a hand-written one. */
function compact<T extends Record<string, unknown>>(obj: T, defaults: Record<string, unknown> = {}): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && v.length === 0 && k !== "jalons") continue;
    if (k in defaults && defaults[k] === v) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

const iso = (d: Date | null) => (d === null ? undefined : dateToIso(d));

/** Reads a territory back into the plan-file shape; `null` when the slug is unknown. */
export async function exportPlan(prisma: PrismaClient, slug: string): Promise<PlanInput | null> {
  const t = await prisma.territory.findUnique({
    where: { slug },
    include: {
      communes: { orderBy: { position: "asc" } },
      axes: { orderBy: { position: "asc" }, include: { objectives: { orderBy: { position: "asc" } } } },
      actions: {
        orderBy: { position: "asc" },
        include: { axis: true, milestones: { orderBy: { position: "asc" } } },
      },
      persons: {
        orderBy: { position: "asc" },
        include: {
          roles: { orderBy: { position: "asc" }, include: { commune: true, action: true } },
          identities: { orderBy: { position: "asc" } },
        },
      },
      instances: { orderBy: { position: "asc" } },
      events: { orderBy: { position: "asc" } },
      equipment: { orderBy: { position: "asc" }, include: { commune: true } },
      glossary: { orderBy: { position: "asc" } },
      rules: { orderBy: { position: "asc" } },
    },
  });
  if (t === null) return null;
  const zone = t.timezone;
  const convention = compact({
    intitule: t.conventionTitle,
    debut: iso(t.conventionStart),
    fin: iso(t.conventionEnd),
    signee_le: iso(t.signedOn),
    preavis_mois: t.noticeMonths,
    signataires: t.signatories,
  });
  return compact({
    territoire: compact({
      slug: t.slug,
      nom: t.name,
      nom_court: t.shortName,
      article: t.article,
      fuseau: t.timezone,
      description: t.description,
      partenaires: t.partners,
      convention,
      source: t.source,
    }),
    communes: t.communes.map((c) => compact({ nom: c.name, code_postal: c.postalCode })),
    personnes: t.persons.map((p) =>
      compact({
        cle: p.key,
        nom: p.name,
        organisation: p.organisation,
        fonction: p.title,
        email: p.email,
        roles: p.roles.map((r) =>
          compact({ role: r.role, commune: r.commune?.name, action: r.action?.number, precision: r.detail }),
        ),
        identites: compact(Object.fromEntries(p.identities.map((i) => [i.platform, i.externalId]))),
      }),
    ),
    axes: t.axes.map((a) => {
      const parents = a.objectives.filter((o) => o.parentId === null);
      return compact({
        numero: a.number,
        titre: a.title,
        description: a.description,
        enjeux: parents.map((p) =>
          compact({
            titre: p.title,
            objectifs: a.objectives.filter((o) => o.parentId === p.id).map((o) => o.title),
          }),
        ),
      });
    }),
    actions: t.actions.map((a) =>
      compact(
        {
          numero: a.number,
          axe: a.axis?.number,
          titre: a.title,
          objectif: a.objective,
          constat: a.constat,
          objectifs: a.objectifs,
          pilote: a.pilote,
          partenaires: a.partenaires,
          public_cible: a.publicCible,
          resultats_attendus: a.resultatsAttendus,
          moyens: a.moyens,
          indicateurs: a.indicateurs,
          statut: a.status,
          echeancier: a.echeancier,
          jalons: a.explicitMilestones
            ? a.milestones.map((m) =>
                compact({
                  libelle: m.label,
                  debut: iso(m.start),
                  fin: iso(m.end),
                  precision: m.precision === "schoolYear" ? "schoolYear" : m.precision,
                  texte: m.text === m.label ? undefined : m.text,
                }),
              )
            : undefined,
          axes_lies: a.linkedAxes,
          source: a.source,
        },
        { statut: "a_lancer" },
      ),
    ),
    instances: t.instances.map((x) =>
      compact({
        cle: x.key,
        type: x.kind,
        nom: x.name,
        role: x.role,
        composition: x.composition,
        frequence: x.frequency,
        min_par_an: x.minPerYear,
        secretariat: x.secretariat,
        animation: x.animation,
        source: x.source,
      }),
    ),
    evenements: t.events.map((e) =>
      compact(
        {
          cle: e.key,
          type: e.kind,
          titre: e.title,
          debut: instantToLocal(e.start, zone, e.allDay),
          fin: e.end === null ? undefined : instantToLocal(e.end, zone, e.allDay),
          lieu: e.place,
          description: e.description,
          provisoire: e.tentative,
          exemple: e.example,
          source: e.source,
        },
        { provisoire: false, exemple: false },
      ),
    ),
    equipements: t.equipment.map((e) =>
      compact({ commune: e.commune.name, type: e.type, nom: e.name, adresse: e.address }),
    ),
    glossaire: t.glossary.map((g) =>
      compact({ sigle: g.acronym, definition: g.expansion, explication: g.explanation }),
    ),
    rappels: compact(jsonObject(t.reminderPolicy)),
    regles: t.rules.map((r) =>
      compact({
        cle: r.key,
        texte: r.text,
        parametres: ruleParams(r.params),
        source: r.source,
      }),
    ),
  }) as PlanInput;
}

export function planToYaml(plan: PlanInput): string {
  const doc = new Document(plan);
  doc.commentBefore = ` Plan de la CTG — ${plan.territoire.nom}. Exporté par ctg-bot ; modifiable puis réimportable (ctg-bot import).`;
  return doc.toString({ lineWidth: 100, minContentWidth: 40 });
}
