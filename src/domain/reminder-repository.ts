import type { PolicyFile } from "./reminders/policy.ts";
import type { ChannelRef, ReminderKind, ReminderPolicy, SubscriptionView } from "./reminders/types.ts";

export interface ChannelSubscription {
  territorySlug: string;
  territoryName: string;
  kinds: ReminderKind[];
  pilots: boolean;
}

/** What reminders read and change: subscriptions, policies, and milestones marked done or moved. */
export interface ReminderRepository {
  subscriptionsOf(territoryId: string): Promise<SubscriptionView[]>;
  /** Every subscription, by territory id, in one read (the scheduler's tick). */
  subscriptionsByTerritory(): Promise<Map<string, SubscriptionView[]>>;
  channelSubscriptions(platform: string, channelId: string): Promise<ChannelSubscription[]>;
  /** `createdBy` is the user id on the channel's platform (the audit log's actor with it). */
  subscribe(input: {
    territorySlug: string;
    platform: string;
    channelId: string;
    kinds: ReminderKind[];
    createdBy: string;
  }): Promise<void>;
  /** `by`, here and below: who asks (`actorOf(platform, userId)`), for the audit log. */
  setPilots(
    territorySlug: string,
    platform: string,
    channelId: string,
    on: boolean,
    by?: string,
  ): Promise<void>;
  /** Removes every subscription of the channel; returns how many there were. */
  unsubscribe(platform: string, channelId: string, by?: string): Promise<number>;
  policyOf(territorySlug: string): Promise<ReminderPolicy>;
  /** `<action number>@<start YYYY-MM-DD>`; false when no such milestone. */
  markMilestoneDone(territorySlug: string, milestoneId: string, at: Date, by?: string): Promise<boolean>;
  postponeMilestone(territorySlug: string, milestoneId: string, to: string, by?: string): Promise<boolean>;
  /** Action number → the pilot's direct-message channel on `platform` (pilots with a chat identity). */
  pilotChannels(territoryId: string, platform: string): Promise<Map<string, ChannelRef>>;
  /** Changes part of a territory's policy (French keys of the plan file's `rappels`). */
  updatePolicy(territorySlug: string, change: PolicyFile, by?: string): Promise<ReminderPolicy>;
  /** Milestone id → new end date, for the planner. */
  postponedMilestones(territoryId: string): Promise<Map<string, string>>;
  /** The same for every territory, by territory id, in one read (the scheduler's tick). */
  postponedByTerritory(): Promise<Map<string, Map<string, string>>>;
  /** Every territory's policy, by territory id, in one read. */
  policiesByTerritory(): Promise<Map<string, ReminderPolicy>>;
}
