import type { ProgressReporter } from "../core/command.ts";
import type { IncomingFile } from "../filing/incoming-file.ts";

/** One normalised message from any chat platform. */
export interface Incoming {
  kind: "command" | "question";
  /** For a command, the text after the prefix (`/ctg`, `!ctg`); for a question, the whole message. */
  text: string;
  platform: string;
  channelId: string;
  userId: string;
  threadId?: string;
  /** The platform's id of this message. */
  messageId?: string;
  /** Files attached to the message. */
  files?: IncomingFile[];
  /** How the adapter shows a long task's progress (one message updated in place). */
  progress?: ProgressReporter;
  receivedAt: Date;
}
