import type { Readable } from "node:stream";

/** A file attached to a chat message, as an adapter hands it to the core. */
export interface IncomingFile {
  name: string;
  /** Announced size in bytes, when the platform gives it (checked again while reading). */
  size: number | null;
  mimeType: string | null;
  /** The content; called once per filing. */
  open(): Readable;
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
