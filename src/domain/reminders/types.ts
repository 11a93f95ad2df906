export const REMINDER_KINDS = ["milestone", "event", "convention", "referents", "digest", "overdue"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Where a reminder goes: a channel, or a person's direct messages, on one platform. */
export interface ChannelRef {
  platform: string;
  channelId: string;
}

export interface SubscriptionView extends ChannelRef {
  kinds: ReminderKind[];
  /** Direct messages to each action's pilot about their own actions. */
  pilots: boolean;
}

/**
 * A territory's reminder policy. Times are local to the territory (Europe/Paris by default), so
 * "09:00" is 09:00 in winter and in summer; days are calendar days.
 */
export interface ReminderPolicy {
  /** Local time of day reminders are posted, except the morning-of event reminder. */
  hour: number;
  minute: number;
  /** Day-precise milestones: days before the date (0 = the day itself). */
  milestoneDays: number[];
  /** Milestones of a month, quarter, semester, year or range: a notice when the period starts. */
  periodStart: boolean;
  /** …and one this many months before the period ends (0 = none). */
  periodMonthsBeforeEnd: number;
  /** After the end, while not done: every this many days ("en retard"); 0 = never. */
  overdueEveryDays: number;
  /** Events: days before (0 = the morning of, at `eventMorningHour`). */
  eventDays: number[];
  eventMorningHour: number;
  /** The convention: days before its end, and days before its notice date. */
  conventionEndDays: number[];
  conventionNoticeDays: number[];
  /** Yearly update of the référents list (when the territory has that rule): month and day. */
  referentsUpdate: { month: number; day: number } | null;
  /** Days before each COPIL to prepare the yearly evaluation (0 = none). */
  evaluationBeforeCopilDays: number;
  /** Weekly digest: ISO weekday (1 = Monday) and hour; null = no digest. */
  digest: { weekday: number; hour: number } | null;
}

export const DEFAULT_POLICY: ReminderPolicy = {
  hour: 9,
  minute: 0,
  milestoneDays: [30, 7, 0],
  periodStart: true,
  periodMonthsBeforeEnd: 1,
  overdueEveryDays: 7,
  eventDays: [14, 2, 0],
  eventMorningHour: 8,
  conventionEndDays: [90, 30, 0],
  conventionNoticeDays: [30, 7, 0],
  referentsUpdate: { month: 9, day: 1 },
  evaluationBeforeCopilDays: 30,
  digest: { weekday: 1, hour: 9 },
};
