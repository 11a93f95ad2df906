import type { KnowledgeCache } from "../core/knowledge-cache.ts";
import type { Occurrence } from "../core/reminders/occurrence.ts";
import { planReminders } from "../core/reminders/plan-reminders.ts";
import { context, heading, list, reply } from "../core/reply.ts";
import type { PlanRepository } from "../domain/plan-repository.ts";
import type { ReminderRepository } from "../domain/reminder-repository.ts";
import {
  type ChannelRef,
  DEFAULT_POLICY,
  type ReminderPolicy,
  type SubscriptionView,
} from "../domain/reminders/types.ts";
import { type Named, ofName } from "../domain/text/french-names.ts";
import { localDate } from "../domain/time/zoned.ts";
import type { Outbox } from "./outbox.ts";

export interface SchedulerDeps {
  repo: PlanRepository;
  reminders: ReminderRepository;
  knowledge: KnowledgeCache;
  store: Outbox;
  clock: () => Date;
  /** How far ahead each tick plans into the outbox. */
  horizonMs?: number;
  /** A reminder later than this is "late" (the bot was down). */
  lateToleranceMs?: number;
  /** From this many late reminders in one channel, one catch-up message replaces them. */
  catchUpThreshold?: number;
  /** Territories planned at once (their database round trips overlap; default 4). */
  concurrency?: number;
  log?: (event: Record<string, unknown>) => void;
}

export interface TickReport {
  territories: number;
  enqueued: number;
  cancelled: number;
  late: number;
  catchUps: number;
  skippedPastEvents: number;
  /** Territories whose outbox was already planned far enough ahead for unchanged data. */
  skipped: number;
}

const HOUR = 3_600_000;
const LAST_TICK = "last-tick:";
const PLANNED = "planned:";

/** Runs `work` on every item, at most `limit` at a time. */
async function forEachLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

/**
 * Plans due reminders into the durable outbox. Safe to run in several processes at once: keys
 * are deterministic and inserts ignore existing keys, so each occurrence exists once; what was
 * sent is never re-planned. After a downtime, late reminders are caught up without a flood and
 * an event that already took place is never announced as upcoming.
 */
export class ReminderScheduler {
  private readonly deps: Required<Omit<SchedulerDeps, "log">> & Pick<SchedulerDeps, "log">;

  constructor(deps: SchedulerDeps) {
    this.deps = {
      horizonMs: 36 * HOUR,
      lateToleranceMs: 15 * 60_000,
      catchUpThreshold: 3,
      concurrency: 4,
      ...deps,
    };
  }

  /** Plans every territory, or only those of `timezone` (node-cron runs one tick per timezone). */
  async tick(options: { timezone?: string } = {}): Promise<TickReport> {
    const { repo, reminders, store, clock } = this.deps;
    const now = clock();
    const report: TickReport = {
      territories: 0,
      enqueued: 0,
      cancelled: 0,
      late: 0,
      catchUps: 0,
      skippedPastEvents: 0,
      skipped: 0,
    };
    // Three reads for the whole tick; then only territories with something to plan cost more.
    const [summaries, subscriptionsById, lastTicks, plannedMarks] = await Promise.all([
      repo.listTerritories(),
      reminders.subscriptionsByTerritory(),
      store.statesStartingWith(LAST_TICK),
      store.statesStartingWith(PLANNED),
    ]);
    // Read once, the first time a territory needs planning in this tick.
    let planInputs: Promise<[Map<string, ReminderPolicy>, Map<string, Map<string, string>>]> | undefined;
    const inputs = () => {
      planInputs ??= Promise.all([reminders.policiesByTerritory(), reminders.postponedByTerritory()]);
      return planInputs;
    };
    const marks = new Map<string, string>();
    const territories = summaries.filter(
      (t) => options.timezone === undefined || t.timezone === options.timezone,
    );
    await forEachLimit(territories, this.deps.concurrency, async (summary) => {
      const subscriptions = subscriptionsById.get(summary.id) ?? [];
      if (subscriptions.length === 0) return;
      report.territories++;
      // After a downtime, plan from the last tick: what fell due meanwhile is caught up below.
      const last = lastTicks.get(LAST_TICK + summary.slug);
      const lastTick = last === undefined ? null : new Date(last);
      const down = lastTick !== null && now.getTime() - lastTick.getTime() > this.deps.lateToleranceMs;
      // Nothing changed (plan, policy, subscriptions) and the outbox is planned far enough ahead:
      // this tick has nothing to add for the territory.
      const fingerprint = `${summary.version}|${JSON.stringify(subscriptions)}`;
      const planned = plannedMarks.get(PLANNED + summary.slug);
      const [previousFingerprint, plannedUntilIso] =
        planned === undefined ? [null, null] : splitPlanned(planned);
      const plannedUntil = plannedUntilIso === null ? 0 : new Date(plannedUntilIso).getTime();
      if (
        !down &&
        previousFingerprint === fingerprint &&
        plannedUntil - now.getTime() > this.deps.horizonMs / 2
      ) {
        marks.set(LAST_TICK + summary.slug, now.toISOString());
        report.skipped++;
        return;
      }
      const loaded = await this.deps.knowledge.passing(summary.slug, summary.version);
      if (loaded === null) return;
      const from = down && lastTick !== null ? lastTick : now;
      const to = new Date(now.getTime() + this.deps.horizonMs);
      const [[policies, postponed], pilotChannels] = await Promise.all([
        inputs(),
        this.pilotChannels(summary.id, subscriptions),
      ]);
      const occurrences = planReminders({
        knowledge: loaded.knowledge,
        subscriptions,
        policy: policies.get(summary.id) ?? DEFAULT_POLICY,
        from,
        to,
        postponed: postponed.get(summary.id) ?? new Map(),
        pilotChannels,
      });
      const lateLimit = now.getTime() - this.deps.lateToleranceMs;
      const upcoming = groupOverdue(
        occurrences.filter((o) => o.at.getTime() >= lateLimit),
        summary.slug,
        summary.timezone,
      );
      const late = occurrences.filter((o) => o.at.getTime() < lateLimit);
      // A stale weekly digest is dropped (the next one comes); a past event is never announced.
      const stillRelevant = late.filter(
        (o) => o.kind !== "digest" && !(o.kind === "event" && o.subjectAt !== null && o.subjectAt < now),
      );
      report.skippedPastEvents += late.length - stillRelevant.length;
      report.late += late.length;
      const catchUp = this.catchUp(
        stillRelevant,
        summary.slug,
        summary,
        localDate(now, summary.timezone),
        now,
      );
      report.catchUps += catchUp.digests;
      // Pending items of the window that the plan no longer has are cancelled (a date moved, or
      // late items folded into the catch-up); what was sent is never touched.
      const { cancelled, inserted } = await store.replan(summary.id, [...upcoming, ...catchUp.items], {
        from,
        to,
      });
      report.cancelled += cancelled;
      report.enqueued += inserted;
      marks.set(LAST_TICK + summary.slug, now.toISOString());
      // The version planned is the one read with the knowledge (it may be newer than the summary's).
      marks.set(
        PLANNED + summary.slug,
        `${to.toISOString()}|${loaded.version}|${JSON.stringify(subscriptions)}`,
      );
    });
    // Written once, at the end: a tick cut short leaves the marks as they were, and the next
    // tick plans those territories again (the outbox ignores keys it already has).
    await store.setStates(marks, now);
    this.deps.log?.({ event: "reminders.tick", ...report });
    return report;
  }

  /** Direct-message channels of the pilots, for subscriptions that asked for them ("rappels pilote"). */
  private async pilotChannels(territoryId: string, subscriptions: SubscriptionView[]) {
    const map = new Map<string, ChannelRef>();
    for (const platform of new Set(subscriptions.filter((s) => s.pilots).map((s) => s.platform))) {
      for (const [action, channel] of await this.deps.reminders.pilotChannels(territoryId, platform))
        map.set(action, channel);
    }
    return map;
  }

  /** A few late reminders go out as they are; more in one channel become one catch-up message. */
  private catchUp(late: Occurrence[], slug: string, territory: Named, day: string, now: Date) {
    const name = territory.name;
    const byChannel = new Map<string, Occurrence[]>();
    for (const o of late) {
      const key = `${o.channel.platform}:${o.channel.channelId}`;
      byChannel.set(key, [...(byChannel.get(key) ?? []), o]);
    }
    const items: Occurrence[] = [];
    let digests = 0;
    for (const [channelKey, group] of byChannel) {
      const first = group[0];
      if (!first) continue;
      if (group.length < this.deps.catchUpThreshold) {
        items.push(...group);
        continue;
      }
      digests++;
      const overdue = group.filter((o) => o.kind === "overdue");
      const others = group.filter((o) => o.kind !== "overdue");
      const lines = [
        ...others.map((o) => firstSentence(o.text)),
        ...(overdue.length
          ? [
              `${overdue.length} échéance${overdue.length > 1 ? "s" : ""} en retard : « /ctg echeances en retard ».`,
            ]
          : []),
      ];
      items.push({
        key: `rattrapage:${slug}:${day}:${channelKey}`,
        at: now,
        channel: first.channel,
        kind: "digest",
        ref: slug,
        text: `Rattrapage des rappels ${ofName(territory)} (le bot était arrêté) :\n${lines.map((l) => `• ${l}`).join("\n")}`,
        reply: reply(
          heading(`Rattrapage des rappels — ${name}`),
          list(lines),
          context(
            `Le bot était arrêté : ${group.length} rappels regroupés ici. Les évènements déjà passés ne sont pas annoncés.`,
          ),
        ),
        subjectAt: null,
      });
    }
    return { items, digests };
  }
}

/** The first sentence of a reminder, for lists. */
function firstSentence(text: string): string {
  const line = text.split("\n")[0] ?? text;
  const end = line.search(/\. (?=[A-ZÉÀ])/);
  return end > 0 ? line.slice(0, end + 1) : line;
}

/**
 * Several "en retard" notices for one channel on one day become one message: a weekly list
 * rather than a flood. The key names the channel and the day, so every process agrees on it.
 */
export function groupOverdue(occurrences: Occurrence[], slug: string, zone: string): Occurrence[] {
  const groups = new Map<string, Occurrence[]>();
  const rest: Occurrence[] = [];
  for (const o of occurrences) {
    if (o.kind !== "overdue") {
      rest.push(o);
      continue;
    }
    const key = `${o.channel.platform}:${o.channel.channelId}:${localDate(o.at, zone)}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  for (const [key, group] of groups) {
    const first = group[0];
    if (!first) continue;
    if (group.length === 1) {
      rest.push(first);
      continue;
    }
    const lines = group.map((o) => firstSentence(o.text));
    rest.push({
      key: `retards:${slug}:${key}`,
      at: first.at,
      channel: first.channel,
      kind: "overdue",
      ref: slug,
      text: `${group.length} échéances en retard :\n${lines.map((l) => `• ${l}`).join("\n")}`,
      reply: reply(
        heading(`${group.length} échéances en retard`),
        list(lines),
        context(
          "Marquez une échéance faite ou reportez-la : « /ctg rappel fait <n°@date> », « /ctg rappel reporter <n°@date> +7 ».",
        ),
      ),
      subjectAt: null,
    });
  }
  return rest.sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
}

/** `planned:<slug>` holds "<planned until ISO>|<fingerprint>". */
function splitPlanned(value: string): [string, string] {
  const bar = value.indexOf("|");
  return [value.slice(bar + 1), value.slice(0, bar)];
}
