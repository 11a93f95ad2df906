import type { ChannelRef, ReminderKind } from "../../domain/reminders/types.ts";
import type { Reply } from "../reply.ts";

/** One reminder to post once: the key is unique per subject, step and channel. */
export interface Occurrence {
  /** e.g. `milestone:11@2023-01-01:J-7:slack:C123`. */
  key: string;
  /** When to post it. */
  at: Date;
  channel: ChannelRef;
  kind: ReminderKind;
  /** As in the questions: action number, `<action>@<start>`, event date, territory slug. */
  ref: string;
  /** Plain text (the console and the preview show it). */
  text: string;
  reply: Reply;
  /** When the thing reminded of happens (event start, milestone end): a catch-up never announces a past event as upcoming. */
  subjectAt: Date | null;
}
