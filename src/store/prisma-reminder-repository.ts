import { actorOf, type NewAuditEntry, UNKNOWN_ACTOR } from "../domain/audit.ts";
import type { ChannelSubscription, ReminderRepository } from "../domain/reminder-repository.ts";
import { type PolicyFile, readPolicy } from "../domain/reminders/policy.ts";
import {
  type ChannelRef,
  REMINDER_KINDS,
  type ReminderKind,
  type ReminderPolicy,
  type SubscriptionView,
} from "../domain/reminders/types.ts";
import { dateToIso, isoToDate } from "../domain/time/zoned.ts";
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { jsonObject } from "./json-columns.ts";
import type { PrismaAuditLog } from "./prisma-audit-log.ts";

const asKinds = (kinds: string[]): ReminderKind[] =>
  kinds.filter((k): k is ReminderKind => (REMINDER_KINDS as readonly string[]).includes(k));

export class PrismaReminderRepository implements ReminderRepository {
  private readonly prisma: PrismaClient;
  private readonly audit: PrismaAuditLog | undefined;

  /** With an audit log, every change is recorded in the same transaction as the change itself. */
  constructor(prisma: PrismaClient, audit?: PrismaAuditLog) {
    this.prisma = prisma;
    this.audit = audit;
  }

  private async audited<T>(change: Prisma.PrismaPromise<T>, entries: NewAuditEntry[]): Promise<T> {
    if (this.audit === undefined || entries.length === 0) return change;
    const audit = this.audit;
    const [result] = await this.prisma.$transaction([change, ...entries.map((e) => audit.op(e))]);
    return result;
  }

  async subscriptionsOf(territoryId: string): Promise<SubscriptionView[]> {
    const rows = await this.prisma.subscription.findMany({
      where: { territoryId },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => ({
      platform: r.platform,
      channelId: r.channelId,
      kinds: asKinds(r.kinds),
      pilots: r.pilots,
    }));
  }

  async subscriptionsByTerritory(): Promise<Map<string, SubscriptionView[]>> {
    const rows = await this.prisma.subscription.findMany({ orderBy: { createdAt: "asc" } });
    const map = new Map<string, SubscriptionView[]>();
    for (const r of rows) {
      const list = map.get(r.territoryId) ?? [];
      list.push({ platform: r.platform, channelId: r.channelId, kinds: asKinds(r.kinds), pilots: r.pilots });
      map.set(r.territoryId, list);
    }
    return map;
  }

  async channelSubscriptions(platform: string, channelId: string): Promise<ChannelSubscription[]> {
    const rows = await this.prisma.subscription.findMany({
      where: { platform, channelId },
      include: { territory: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => ({
      territorySlug: r.territory.slug,
      territoryName: r.territory.name,
      kinds: asKinds(r.kinds),
      pilots: r.pilots,
    }));
  }

  async subscribe(input: {
    territorySlug: string;
    platform: string;
    channelId: string;
    kinds: ReminderKind[];
    createdBy: string;
  }): Promise<void> {
    const territory = await this.prisma.territory.findUniqueOrThrow({ where: { slug: input.territorySlug } });
    const change = this.prisma.subscription.upsert({
      where: {
        territoryId_platform_channelId: {
          territoryId: territory.id,
          platform: input.platform,
          channelId: input.channelId,
        },
      },
      create: {
        territoryId: territory.id,
        platform: input.platform,
        channelId: input.channelId,
        kinds: input.kinds,
        createdBy: input.createdBy,
      },
      update: { kinds: input.kinds },
    });
    await this.audited(change, [
      {
        territoryId: territory.id,
        actor: actorOf(input.platform, input.createdBy),
        action: "subscription.created",
        target: actorOf(input.platform, input.channelId),
        details: { kinds: input.kinds },
      },
    ]);
  }

  async setPilots(
    territorySlug: string,
    platform: string,
    channelId: string,
    on: boolean,
    by = UNKNOWN_ACTOR,
  ): Promise<void> {
    const territory = await this.prisma.territory.findUniqueOrThrow({ where: { slug: territorySlug } });
    const change = this.prisma.subscription.upsert({
      where: { territoryId_platform_channelId: { territoryId: territory.id, platform, channelId } },
      create: { territoryId: territory.id, platform, channelId, kinds: [], pilots: on },
      update: { pilots: on },
    });
    await this.audited(change, [
      {
        territoryId: territory.id,
        actor: by,
        action: "subscription.pilots",
        target: actorOf(platform, channelId),
        details: { pilots: on },
      },
    ]);
  }

  async unsubscribe(platform: string, channelId: string, by = UNKNOWN_ACTOR): Promise<number> {
    const existing = await this.prisma.subscription.findMany({
      where: { platform, channelId },
      select: { territoryId: true, kinds: true },
    });
    const { count } = await this.audited(
      this.prisma.subscription.deleteMany({ where: { platform, channelId } }),
      existing.map((s) => ({
        territoryId: s.territoryId,
        actor: by,
        action: "subscription.removed" as const,
        target: actorOf(platform, channelId),
        details: { kinds: s.kinds },
      })),
    );
    return count;
  }

  async policyOf(territorySlug: string): Promise<ReminderPolicy> {
    const t = await this.prisma.territory.findUnique({
      where: { slug: territorySlug },
      select: { reminderPolicy: true },
    });
    return readPolicy(t?.reminderPolicy ?? null);
  }

  private async findMilestone(territorySlug: string, milestoneId: string) {
    const match = milestoneId.match(/^(.+)@(\d{4}-\d{2}-\d{2})$/);
    if (!match?.[1] || !match[2]) return null;
    return this.prisma.milestone.findFirst({
      where: { start: isoToDate(match[2]), action: { number: match[1], territory: { slug: territorySlug } } },
      include: { action: true },
      orderBy: { position: "asc" },
    });
  }

  /** Every change to a plan bumps its territory's version, so caches of it reload. */
  private async touch(territoryId: string): Promise<void> {
    await this.prisma.territory.update({ where: { id: territoryId }, data: { updatedAt: new Date() } });
  }

  async markMilestoneDone(
    territorySlug: string,
    milestoneId: string,
    at: Date,
    by = UNKNOWN_ACTOR,
  ): Promise<boolean> {
    const m = await this.findMilestone(territorySlug, milestoneId);
    if (m === null) return false;
    // Every milestone of that action starting on that day (an échéancier may give two).
    const change = this.prisma.milestone.updateMany({
      where: { actionId: m.actionId, start: m.start },
      data: { done: true, doneAt: at },
    });
    await this.audited(change, [
      {
        territoryId: m.action.territoryId,
        actor: by,
        action: "milestone.done",
        target: `action ${m.action.number} / jalon ${milestoneId}`,
        details: { label: m.label },
      },
    ]);
    await this.touch(m.action.territoryId);
    return true;
  }

  async postponeMilestone(
    territorySlug: string,
    milestoneId: string,
    to: string,
    by = UNKNOWN_ACTOR,
  ): Promise<boolean> {
    const m = await this.findMilestone(territorySlug, milestoneId);
    if (m === null) return false;
    const change = this.prisma.milestone.updateMany({
      where: { actionId: m.actionId, start: m.start },
      data: { postponedTo: isoToDate(to) },
    });
    await this.audited(change, [
      {
        territoryId: m.action.territoryId,
        actor: by,
        action: "milestone.postponed",
        target: `action ${m.action.number} / jalon ${milestoneId}`,
        details: {
          label: m.label,
          to,
          previous: m.postponedTo ? dateToIso(m.postponedTo) : m.end ? dateToIso(m.end) : null,
        },
      },
    ]);
    await this.touch(m.action.territoryId);
    return true;
  }

  async pilotChannels(territoryId: string, platform: string): Promise<Map<string, ChannelRef>> {
    const roles = await this.prisma.personRole.findMany({
      where: { role: "pilote", action: { territoryId }, person: { identities: { some: { platform } } } },
      include: { action: true, person: { include: { identities: true } } },
    });
    const map = new Map<string, ChannelRef>();
    for (const r of roles) {
      const id = r.person.identities.find((i) => i.platform === platform);
      if (r.action && id) map.set(r.action.number, { platform, channelId: id.externalId });
    }
    return map;
  }

  async updatePolicy(territorySlug: string, change: PolicyFile, by = UNKNOWN_ACTOR): Promise<ReminderPolicy> {
    const t = await this.prisma.territory.findUniqueOrThrow({ where: { slug: territorySlug } });
    const merged = { ...jsonObject(t.reminderPolicy), ...change };
    await this.audited(
      this.prisma.territory.update({ where: { id: t.id }, data: { reminderPolicy: merged } }),
      [
        {
          territoryId: t.id,
          actor: by,
          action: "reminders.policy",
          target: territorySlug,
          details: { change: JSON.stringify(change) },
        },
      ],
    );
    return readPolicy(merged);
  }

  async postponedMilestones(territoryId: string): Promise<Map<string, string>> {
    return (await this.postponed({ territoryId })).get(territoryId) ?? new Map();
  }

  async postponedByTerritory(): Promise<Map<string, Map<string, string>>> {
    return this.postponed({});
  }

  private async postponed(where: { territoryId?: string }): Promise<Map<string, Map<string, string>>> {
    const rows = await this.prisma.milestone.findMany({
      where: { action: where, postponedTo: { not: null }, start: { not: null } },
      select: { start: true, postponedTo: true, action: { select: { number: true, territoryId: true } } },
    });
    const byTerritory = new Map<string, Map<string, string>>();
    for (const m of rows) {
      if (!m.start || !m.postponedTo) continue;
      const map = byTerritory.get(m.action.territoryId) ?? new Map<string, string>();
      map.set(`${m.action.number}@${dateToIso(m.start)}`, dateToIso(m.postponedTo));
      byTerritory.set(m.action.territoryId, map);
    }
    return byTerritory;
  }

  async policiesByTerritory(): Promise<Map<string, ReminderPolicy>> {
    const rows = await this.prisma.territory.findMany({ select: { id: true, reminderPolicy: true } });
    return new Map(rows.map((t) => [t.id, readPolicy(t.reminderPolicy)]));
  }
}
