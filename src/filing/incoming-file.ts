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
