import type { ReadableStream } from "node:stream/web";
import { type IncomingFile, IncomingFileError, type UnavailableFile } from "../../core/incoming.ts";
import { download, matrixFileUnavailable } from "../../core/wording/chat.ts";
import { downloadStream } from "../download.ts";
import type { MatrixFileContent } from "./matrix-content.ts";

/** The content of an `m.file` / `m.image` / `m.video` / `m.audio` event the bot reads. */

const MXC = /^mxc:\/\/([^/]+)\/([^/?#]+)$/;

/** The caption of a file event (MSC2530: `body` is a caption when `filename` is given and differs). */
export function captionOf(content: MatrixFileContent): string {
  if (content.filename !== undefined && content.body !== undefined && content.body !== content.filename) {
    return content.body;
  }
  return "";
}

/**
 * A file of a Matrix event, streamed when the filing reads it: through the authenticated media API
 * (`/_matrix/client/v1/media/download/…`, spec v1.11), or the legacy `/_matrix/media/v3/download/…`
 * when the server does not know the former (404/405 `M_UNRECOGNIZED`). Encrypted attachments
 * (`file` instead of `url`) cannot be read: the bot has no keys.
 */
export function matrixIncomingFile(
  content: MatrixFileContent,
  options: { homeserverUrl: string; accessToken: string; fetch?: typeof fetch },
): IncomingFile | UnavailableFile {
  const name = content.filename ?? content.body ?? "fichier";
  if (content.url === undefined) {
    return {
      name,
      unavailable:
        content.file !== undefined ? matrixFileUnavailable.encrypted : matrixFileUnavailable.noAddress,
    };
  }
  const match = MXC.exec(content.url);
  if (match === null) return { name, unavailable: matrixFileUnavailable.badMxc };
  const [, server = "", mediaId = ""] = match;
  const base = options.homeserverUrl.replace(/\/+$/, "");
  const path = `${encodeURIComponent(server)}/${encodeURIComponent(mediaId)}`;
  const fetcher = options.fetch ?? globalThis.fetch;
  return {
    name,
    size: typeof content.info?.size === "number" ? content.info.size : null,
    mimeType: content.info?.mimetype ?? null,
    open: () =>
      downloadStream(name, "Matrix", async () => {
        const headers = { authorization: `Bearer ${options.accessToken}` };
        let response = await fetcher(`${base}/_matrix/client/v1/media/download/${path}`, { headers });
        if (await unrecognized(response)) {
          response = await fetcher(`${base}/_matrix/media/v3/download/${path}`, { headers });
        }
        if (response.status !== 200 || response.body === null) {
          throw new IncomingFileError(download.status("Le serveur Matrix", response.status, name));
        }
        return response.body as ReadableStream<Uint8Array>;
      }),
  };
}

/** An old server that does not know the authenticated media endpoints (the body is consumed then). */
async function unrecognized(response: Response): Promise<boolean> {
  if (response.status !== 404 && response.status !== 405) return false;
  const body = await response.text().catch(() => "");
  return body.includes("M_UNRECOGNIZED") || response.status === 405;
}
