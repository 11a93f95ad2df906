import type { Readable } from "node:stream";
import type { ProgressReporter } from "./command.ts";

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

/** A file attached to a chat message, as an adapter hands it to the core. */
export interface IncomingFile {
  name: string;
  /** Announced size in bytes, when the platform gives it (checked again while reading). */
  size: number | null;
  mimeType: string | null;
  /** The content; called once per filing. */
  open(): Readable;
}

/** A file the platform shows but cannot hand over (deleted, hidden, encrypted): why, as a clause. */
export interface UnavailableFile {
  name?: string;
  /** Said after « Je ne peux pas ranger « nom » : ». */
  unavailable: string;
}

/**
 * The platform could not hand over the file (download refused or cut): the message says why, in
 * French. Nothing is lost — the file is still in the chat — and nothing was filed.
 */
export class IncomingFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IncomingFileError";
  }
}
