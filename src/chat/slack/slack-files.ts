import { type IncomingFile, IncomingFileError } from "../../core/incoming.ts";
import { download, slackFileUnavailable } from "../../core/wording/chat.ts";
import { downloadStream } from "../download.ts";
import type { SlackFileObject } from "./slack-payloads.ts";

/** The fields of a Slack file object (as in `message` events) the bot reads. */
export type { SlackFileObject } from "./slack-payloads.ts";

/** Why a file of a message cannot be fetched at all, in French; null when it can. */
export function unavailableReason(file: SlackFileObject): string | null {
  if (file.mode === "tombstone") return slackFileUnavailable.tombstone;
  if (file.mode === "hidden_by_limit") return slackFileUnavailable.hiddenByLimit;
  if (file.mode === "external") return slackFileUnavailable.external;
  if ((file.url_private_download ?? file.url_private) === undefined) return slackFileUnavailable.noUrl;
  return null;
}

/**
 * A file of a Slack message, streamed from `url_private_download` with the bot token when the
 * filing reads it (never held in memory). Slack answers a request without a valid token with its
 * HTML login page rather than an error: an HTML answer to a file that is not HTML is refused.
 */
export function slackIncomingFile(
  file: SlackFileObject,
  options: { botToken: string; fetch?: typeof fetch },
): IncomingFile {
  const url = file.url_private_download ?? file.url_private ?? "";
  const name = file.name ?? file.title ?? `fichier-slack-${file.id ?? "sans-nom"}`;
  const fetcher = options.fetch ?? globalThis.fetch;
  return {
    name,
    size: typeof file.size === "number" ? file.size : null,
    mimeType: file.mimetype ?? null,
    open: () =>
      downloadStream(name, "Slack", async () => {
        const response = await fetcher(url, {
          headers: { authorization: `Bearer ${options.botToken}` },
          redirect: "manual",
        });
        const type = response.headers.get("content-type") ?? "";
        if (response.status !== 200 || response.body === null) {
          throw new IncomingFileError(download.status("Slack", response.status, name));
        }
        if (type.startsWith("text/html") && !(file.mimetype ?? "").startsWith("text/html")) {
          await response.body.cancel();
          throw new IncomingFileError(download.loginPage(name));
        }
        return response.body as import("node:stream/web").ReadableStream<Uint8Array>;
      }),
  };
}
