import { DateTime } from "luxon";
import type { TerritoryKnowledge } from "../../domain/knowledge.ts";
import type {
  ChannelRef,
  ReminderKind,
  ReminderPolicy,
  SubscriptionView,
} from "../../domain/reminders/types.ts";
import { digestDrafts } from "./digest.ts";
import type { Draft, PlanContext } from "./draft.ts";
import { evaluationDrafts, eventDrafts } from "./event-reminders.ts";
import { milestoneDrafts, overdueDrafts } from "./milestone-reminders.ts";
import type { Occurrence } from "./occurrence.ts";
import { conventionDrafts, referentsDrafts } from "./territory-reminders.ts";

export interface PlanRemindersInput {
  knowledge: TerritoryKnowledge;
  subscriptions: SubscriptionView[];
  policy: ReminderPolicy;
  /** Occurrences with from <= at < to. */
  from: Date;
  to: Date;
  /** Milestone id `<action>@<start>` → new end date `YYYY-MM-DD` ("reporter au"). */
  postponed?: Map<string, string>;
  /** Action number → its pilot's direct-message channel, for subscriptions with `pilots`. */
  pilotChannels?: Map<string, ChannelRef>;
}

/** Kinds a pilot receives in direct messages about their own actions. */
const PILOT_KINDS: ReadonlySet<ReminderKind> = new Set(["milestone", "overdue"]);

/**
 * Every reminder due in [from, to), once per channel, computed from the current data only: a key is
 * `<kind>:<ref>:<step>:<platform>:<channelId>`, so planning twice gives the same keys, and the
 * outbox (not this function) makes sure a key is sent once. Pure: no clock, no I/O.
 */
export function planReminders(input: PlanRemindersInput): Occurrence[] {
  const ctx: PlanContext = {
    knowledge: input.knowledge,
    policy: input.policy,
    window: { from: input.from, to: input.to, zone: input.knowledge.territory.timezone },
    zone: input.knowledge.territory.timezone,
    postponed: input.postponed ?? new Map(),
  };
  const drafts = [
    ...milestoneDrafts(ctx),
    ...overdueDrafts(ctx),
    ...eventDrafts(ctx),
    ...evaluationDrafts(ctx),
    ...conventionDrafts(ctx),
    ...referentsDrafts(ctx),
    ...digestDrafts(ctx),
  ];
  const byKey = new Map<string, Occurrence>();
  for (const draft of drafts) {
    for (const channel of recipients(draft, input.subscriptions, input.pilotChannels)) {
      const key = `${draft.kind}:${draft.ref}:${draft.step}:${channel.platform}:${channel.channelId}`;
      // Two milestones of one action may share a start (and so a ref): the first one is kept.
      if (byKey.has(key)) continue;
      byKey.set(key, {
        key,
        at: draft.at,
        channel: { platform: channel.platform, channelId: channel.channelId },
        kind: draft.kind,
        ref: draft.ref,
        text: draft.text,
        reply: draft.reply,
        subjectAt: draft.subjectAt,
      });
    }
  }
  return [...byKey.values()].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** The channels subscribed to the draft's kind, then the pilot's direct messages when asked for. */
function recipients(
  draft: Draft,
  subscriptions: SubscriptionView[],
  pilotChannels: Map<string, ChannelRef> | undefined,
): ChannelRef[] {
  const wanting = subscriptions.filter((s) => s.kinds.includes(draft.kind));
  const channels: ChannelRef[] = wanting.map((s) => ({ platform: s.platform, channelId: s.channelId }));
  const pilot = draft.actionNumber === null ? undefined : pilotChannels?.get(draft.actionNumber);
  if (pilot && PILOT_KINDS.has(draft.kind) && wanting.some((s) => s.pilots)) channels.push(pilot);
  return channels;
}

/** One line of `ctg-bot rappels --dry-run --json` (a fixed contract: change it only with the CLI). */
export interface OccurrencePreview {
  key: string;
  /** ISO date-time with the offset of the territory's zone: `2026-03-30T09:00:00.000+02:00`. */
  at: string;
  /** `<platform>:<channelId>`. */
  channel: string;
  kind: ReminderKind;
  ref: string;
  text: string;
}

export function formatOccurrenceForPreview(o: Occurrence, zone: string): OccurrencePreview {
  return {
    key: o.key,
    at: DateTime.fromJSDate(o.at, { zone }).toISO() ?? o.at.toISOString(),
    channel: `${o.channel.platform}:${o.channel.channelId}`,
    kind: o.kind,
    ref: o.ref,
    text: o.text,
  };
}
