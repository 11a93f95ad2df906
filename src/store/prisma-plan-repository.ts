import { UNKNOWN_ACTOR } from "../domain/audit.ts";
import type { GlossaryEntry, Person, TerritoryKnowledge } from "../domain/knowledge.ts";
import type {
  Action,
  ActionSummary,
  Axis,
  CalendarEvent,
  EventKind,
  Milestone,
  MilestoneWithAction,
  Territory,
  TerritorySummary,
} from "../domain/model.ts";
import type { ChatUser, PlanRepository } from "../domain/plan-repository.ts";
import { stems } from "../domain/search/french-analyzer.ts";
import { asArticle } from "../domain/text/french-names.ts";
import { dateToIso, isoToDate } from "../domain/time/zoned.ts";
import type {
  Action as ActionModel,
  Event as EventModel,
  Milestone as MilestoneRow,
  PrismaClient,
} from "../generated/prisma/client.ts";
import { ruleParams } from "./json-columns.ts";
import type { PrismaAuditLog } from "./prisma-audit-log.ts";

const iso = (d: Date | null) => (d === null ? null : dateToIso(d));

function toMilestone(m: MilestoneRow): Milestone {
  return {
    label: m.label,
    start: iso(m.start),
    end: iso(m.end),
    precision: m.precision,
    text: m.text,
    confidence: m.confidence,
    done: m.done,
  };
}

type ActionRow = ActionModel & { axis: { number: string; title: string } | null; milestones: MilestoneRow[] };

function toAction(a: ActionRow): Action {
  return {
    number: a.number,
    title: a.title,
    axisNumber: a.axis?.number ?? null,
    axisTitle: a.axis?.title ?? null,
    status: a.status,
    pilote: a.pilote,
    objective: a.objective,
    constat: a.constat,
    objectifs: a.objectifs,
    partenaires: a.partenaires,
    publicCible: a.publicCible,
    resultatsAttendus: a.resultatsAttendus,
    moyens: a.moyens,
    indicateurs: a.indicateurs,
    echeancier: a.echeancier,
    linkedAxes: a.linkedAxes,
    source: a.source,
    milestones: a.milestones.map(toMilestone),
  };
}

function toEvent(e: EventModel): CalendarEvent {
  return {
    key: e.key,
    kind: e.kind,
    title: e.title,
    start: e.start,
    end: e.end,
    allDay: e.allDay,
    place: e.place,
    description: e.description,
    tentative: e.tentative,
    example: e.example,
    source: e.source,
  };
}

/**
 * One entry per meaning: a plan's "LAEP — Lieu d'Accueil Enfants Parents" and the shared
 * "LAEP — Lieu d'accueil enfant-parent" are the same meaning; the plan's wording is kept and the
 * shared explanation fills a missing one.
 */
export function mergeGlossaries(entries: GlossaryEntry[]): GlossaryEntry[] {
  const out: GlossaryEntry[] = [];
  const meaning = (g: GlossaryEntry) =>
    `${g.acronym.toLowerCase()}|${[...new Set(stems(g.expansion))].sort().join(" ")}`;
  const byMeaning = new Map<string, GlossaryEntry>();
  for (const entry of entries) {
    const key = meaning(entry);
    const previous = byMeaning.get(key);
    if (previous) {
      if (previous.explanation === null && entry.explanation !== null)
        previous.explanation = entry.explanation;
      previous.variants = [...new Set([...previous.variants, ...entry.variants])];
      continue;
    }
    const copy = { ...entry };
    byMeaning.set(key, copy);
    out.push(copy);
  }
  return out;
}

export class PrismaPlanRepository implements PlanRepository {
  private readonly prisma: PrismaClient;
  private readonly sharedGlossary: GlossaryEntry[];
  private readonly audit: PrismaAuditLog | undefined;

  readonly #generation: (() => number) | undefined;
  readonly #memos = new Map<string, Promise<unknown>>();
  #memoGeneration = -1;

  /**
   * With an audit log, binding a channel is recorded in the same transaction. With
   * `planGeneration` (the embedded database: one process, every write counted), the reads every
   * message makes — territories, a channel's territory, who is writing, a plan's version — are
   * served from memory until a write may have changed them: no query on the hot path.
   */
  constructor(
    prisma: PrismaClient,
    sharedGlossary: GlossaryEntry[] = [],
    audit?: PrismaAuditLog,
    options: { planGeneration?: () => number } = {},
  ) {
    this.prisma = prisma;
    this.sharedGlossary = sharedGlossary;
    this.audit = audit;
    this.#generation = options.planGeneration;
  }

  /** A read kept while the plan's generation stays the same; frozen, since callers share it. */
  #memo<T>(key: string, read: () => Promise<T>): Promise<T> {
    const generation = this.#generation?.();
    if (generation === undefined) return read();
    if (generation !== this.#memoGeneration) {
      this.#memos.clear();
      this.#memoGeneration = generation;
    }
    const known = this.#memos.get(key);
    if (known !== undefined) return known as Promise<T>;
    const reading = read().then(deepFreeze);
    this.#memos.set(key, reading);
    reading.catch(() => this.#memos.delete(key));
    return reading;
  }

  getKnowledgeVersion(slug: string): Promise<string | null> {
    return this.#memo(`version ${slug}`, () => this.#readKnowledgeVersion(slug));
  }

  async #readKnowledgeVersion(slug: string): Promise<string | null> {
    const row = await this.prisma.territory.findUnique({ where: { slug }, select: { updatedAt: true } });
    return row === null ? null : row.updatedAt.toISOString();
  }

  async getKnowledge(slug: string): Promise<TerritoryKnowledge | null> {
    const territory = await this.getTerritory(slug);
    if (territory === null) return null;
    const where = { territoryId: territory.id };
    const byPosition = { position: "asc" as const };
    const [axes, actions, events, instances, persons, communes, equipment, glossary, rules] =
      await Promise.all([
        this.prisma.axis.findMany({
          where,
          orderBy: byPosition,
          include: { objectives: { orderBy: byPosition } },
        }),
        this.prisma.action.findMany({
          where,
          orderBy: byPosition,
          include: { axis: true, milestones: { orderBy: byPosition } },
        }),
        this.prisma.event.findMany({ where, orderBy: { start: "asc" } }),
        this.prisma.instance.findMany({ where, orderBy: byPosition }),
        this.prisma.person.findMany({
          where,
          orderBy: byPosition,
          include: { roles: { orderBy: byPosition, include: { commune: true, action: true } } },
        }),
        this.prisma.commune.findMany({ where, orderBy: byPosition }),
        this.prisma.equipment.findMany({ where, orderBy: byPosition, include: { commune: true } }),
        this.prisma.glossaryEntry.findMany({ where, orderBy: byPosition }),
        this.prisma.rule.findMany({ where, orderBy: byPosition }),
      ]);
    return {
      territory,
      axes: axes.map((a) => ({
        number: a.number,
        title: a.title,
        description: a.description,
        enjeux: a.objectives
          .filter((o) => o.parentId === null)
          .map((p) => ({
            title: p.title,
            objectifs: a.objectives.filter((o) => o.parentId === p.id).map((o) => o.title),
          })),
      })),
      actions: actions.map(toAction),
      events: events.map(toEvent),
      instances: instances.map((x) => ({
        key: x.key,
        kind: x.kind,
        name: x.name,
        role: x.role,
        composition: x.composition,
        frequency: x.frequency,
        minPerYear: x.minPerYear,
        secretariat: x.secretariat,
        animation: x.animation,
        source: x.source,
      })),
      persons: persons.map(toPerson),
      communes: communes.map((c) => ({ name: c.name, slug: c.slug, postalCode: c.postalCode })),
      equipment: equipment.map((e) => ({
        commune: e.commune.name,
        type: e.type,
        name: e.name,
        address: e.address,
      })),
      glossary: mergeGlossaries([
        ...glossary.map((g) => ({
          acronym: g.acronym,
          expansion: g.expansion,
          explanation: g.explanation,
          origin: "territory" as const,
          variants: [],
        })),
        ...this.sharedGlossary,
      ]),
      rules: rules.map((r) => ({
        key: r.key,
        text: r.text,
        params: ruleParams(r.params),
        source: r.source,
      })),
    };
  }

  getTerritoriesStamp(): Promise<string> {
    return this.#memo("stamp", () => this.#readTerritoriesStamp());
  }

  async #readTerritoriesStamp(): Promise<string> {
    const { _count, _max } = await this.prisma.territory.aggregate({
      _count: { _all: true },
      _max: { updatedAt: true },
    });
    return `${_count._all}|${_max.updatedAt?.toISOString() ?? ""}`;
  }

  listTerritories(): Promise<TerritorySummary[]> {
    return this.#memo("territories", () => this.#readTerritories());
  }

  async #readTerritories(): Promise<TerritorySummary[]> {
    const rows = await this.prisma.territory.findMany({ orderBy: { name: "asc" } });
    return rows.map(({ id, slug, name, shortName, article, timezone, updatedAt }) => ({
      id,
      slug,
      name,
      shortName,
      article: asArticle(article),
      timezone,
      version: updatedAt.toISOString(),
    }));
  }

  getTerritory(slug: string): Promise<Territory | null> {
    return this.#memo(`territory ${slug}`, () => this.#readTerritory(slug));
  }

  async #readTerritory(slug: string): Promise<Territory | null> {
    const t = await this.prisma.territory.findUnique({ where: { slug } });
    if (t === null) return null;
    return {
      id: t.id,
      slug: t.slug,
      name: t.name,
      shortName: t.shortName,
      article: asArticle(t.article),
      timezone: t.timezone,
      version: t.updatedAt.toISOString(),
      description: t.description,
      conventionTitle: t.conventionTitle,
      conventionStart: iso(t.conventionStart),
      conventionEnd: iso(t.conventionEnd),
      signedOn: iso(t.signedOn),
      noticeMonths: t.noticeMonths,
      signatories: t.signatories,
      partners: t.partners,
      source: t.source,
    };
  }

  async listAxes(territoryId: string): Promise<Axis[]> {
    const rows = await this.prisma.axis.findMany({
      where: { territoryId },
      orderBy: { position: "asc" },
      include: { _count: { select: { actions: true } } },
    });
    return rows.map((a) => ({ number: a.number, title: a.title, actionCount: a._count.actions }));
  }

  async listActions(territoryId: string, filter: { axis?: string } = {}): Promise<ActionSummary[]> {
    const rows = await this.prisma.action.findMany({
      where: { territoryId, ...(filter.axis === undefined ? {} : { axis: { number: filter.axis } }) },
      orderBy: { position: "asc" },
      include: { axis: true },
    });
    return rows.map((a) => ({
      number: a.number,
      title: a.title,
      axisNumber: a.axis?.number ?? null,
      status: a.status,
      pilote: a.pilote,
    }));
  }

  async getAction(territoryId: string, number: string): Promise<Action | null> {
    const a = await this.prisma.action.findUnique({
      where: { territoryId_number: { territoryId, number } },
      include: { axis: true, milestones: { orderBy: { position: "asc" } } },
    });
    return a === null ? null : toAction(a);
  }

  async listMilestones(
    territoryId: string,
    range: { from: string; to: string },
  ): Promise<MilestoneWithAction[]> {
    const rows = await this.prisma.milestone.findMany({
      where: {
        action: { territoryId },
        start: { lte: isoToDate(range.to) },
        end: { gte: isoToDate(range.from) },
      },
      include: { action: true },
      orderBy: [{ end: "asc" }, { start: "asc" }],
    });
    return rows.map((m) => ({
      ...toMilestone(m),
      actionNumber: m.action.number,
      actionTitle: m.action.title,
    }));
  }

  async listEvents(
    territoryId: string,
    filter: { from?: Date; to?: Date; kinds?: EventKind[] },
  ): Promise<CalendarEvent[]> {
    const rows = await this.prisma.event.findMany({
      where: {
        territoryId,
        ...(filter.kinds ? { kind: { in: filter.kinds } } : {}),
        ...(filter.from || filter.to ? { start: { gte: filter.from, lte: filter.to } } : {}),
      },
      orderBy: { start: "asc" },
    });
    return rows.map(toEvent);
  }

  getChannelTerritory(platform: string, channelId: string): Promise<string | null> {
    return this.#memo(`channel ${platform} ${channelId}`, () =>
      this.#readChannelTerritory(platform, channelId),
    );
  }

  async #readChannelTerritory(platform: string, channelId: string): Promise<string | null> {
    const row = await this.prisma.channelBinding.findUnique({
      where: { platform_channelId: { platform, channelId } },
      include: { territory: true },
    });
    return row?.territory.slug ?? null;
  }

  findChatUser(platform: string, externalId: string): Promise<ChatUser | null> {
    return this.#memo(`user ${platform} ${externalId}`, () => this.#readChatUser(platform, externalId));
  }

  async #readChatUser(platform: string, externalId: string): Promise<ChatUser | null> {
    const row = await this.prisma.chatIdentity.findUnique({
      where: { platform_externalId: { platform, externalId } },
      include: {
        person: {
          include: {
            territory: { select: { slug: true } },
            roles: { orderBy: { position: "asc" }, include: { commune: true, action: true } },
          },
        },
      },
    });
    if (row === null) return null;
    return { territorySlug: row.person.territory.slug, person: toPerson(row.person) };
  }

  async bindChannel(
    platform: string,
    channelId: string,
    territorySlug: string,
    by = UNKNOWN_ACTOR,
  ): Promise<void> {
    const territory = await this.prisma.territory.findUniqueOrThrow({ where: { slug: territorySlug } });
    const bind = this.prisma.channelBinding.upsert({
      where: { platform_channelId: { platform, channelId } },
      create: { platform, channelId, territoryId: territory.id },
      update: { territoryId: territory.id },
    });
    if (this.audit === undefined) {
      await bind;
      return;
    }
    // Bound already (the console binds its channel at every start): nothing changes, nothing to record.
    const current = await this.prisma.channelBinding.findUnique({
      where: { platform_channelId: { platform, channelId } },
      select: { territoryId: true },
    });
    if (current?.territoryId === territory.id) return;
    const entry = this.audit.op({
      territoryId: territory.id,
      actor: by,
      action: "channel.bound",
      target: `${platform}:${channelId}`,
      details: { territory: territorySlug },
    });
    await this.prisma.$transaction([bind, entry]);
  }
}

/** A person row with its roles (and their commune and action) as the domain's Person. */
export function toPerson(p: {
  key: string;
  name: string;
  organisation: string | null;
  title: string | null;
  email: string | null;
  roles: {
    role: Person["roles"][number]["role"];
    commune: { name: string } | null;
    action: { number: string } | null;
    detail: string | null;
  }[];
}): Person {
  return {
    key: p.key,
    name: p.name,
    organisation: p.organisation,
    title: p.title,
    email: p.email,
    roles: p.roles.map((r) => ({
      role: r.role,
      commune: r.commune?.name ?? null,
      action: r.action?.number ?? null,
      detail: r.detail,
    })),
  };
}

/** Freezes a value and everything it holds (a memoised read is shared by every caller). */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value) && !(value instanceof Date)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
