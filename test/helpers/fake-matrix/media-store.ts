/**
 * The media repository: uploaded bytes by media id, with their content type, file name, uploader
 * and whether they came before the legacy endpoints froze; and the `Content-Disposition` to serve
 * them with.
 */
import { newMediaId } from "./ids.ts";

export interface StoredMedia {
  mediaId: string;
  bytes: Buffer;
  contentType: string;
  fileName: string | null;
  uploader: string;
  beforeFreeze: boolean;
}

/** Types the spec lets a server serve `inline` ("Serving inline content"); the rest as `attachment`. */
const INLINE_TYPES = new Set([
  "text/css",
  "text/plain",
  "text/csv",
  "application/json",
  "application/ld+json",
  "image/jpeg",
  "image/gif",
  "image/png",
  "image/apng",
  "image/webp",
  "image/avif",
  "video/mp4",
  "video/webm",
  "video/ogg",
  "video/quicktime",
  "audio/mp4",
  "audio/webm",
  "audio/aac",
  "audio/mpeg",
  "audio/ogg",
  "audio/wave",
  "audio/wav",
  "audio/x-wav",
  "audio/x-pn-wav",
  "audio/flac",
  "audio/x-flac",
]);

export class MediaStore {
  readonly serverName: string;
  readonly #media = new Map<string, StoredMedia>();

  constructor(serverName: string) {
    this.serverName = serverName;
  }

  /** Stores the bytes and returns their `mxc://` URI. */
  add(media: Omit<StoredMedia, "mediaId">): string {
    const mediaId = newMediaId();
    this.#media.set(mediaId, { ...media, mediaId });
    return `mxc://${this.serverName}/${mediaId}`;
  }

  /** Local media only: the fake does not federate. */
  get(serverName: string, mediaId: string): StoredMedia | undefined {
    return serverName === this.serverName ? this.#media.get(mediaId) : undefined;
  }
}

/**
 * `inline` for the types the spec allows, `attachment` otherwise; the file name quoted when it is
 * plain ASCII, else as RFC 6266's `filename*=utf-8''…`.
 */
export function contentDisposition(contentType: string, fileName: string | null): string {
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  const disposition = INLINE_TYPES.has(mediaType) ? "inline" : "attachment";
  if (fileName === null || fileName === "") return disposition;
  if (/^[\x20-\x7e]*$/.test(fileName))
    return `${disposition}; filename="${fileName.replace(/["\\]/g, "\\$&")}"`;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return `${disposition}; filename*=utf-8''${encoded}`;
}
