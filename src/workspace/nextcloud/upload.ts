import { exactBytes } from "../byte-stream.ts";
import type { UploadSource } from "../workspace.ts";
import type { DavHttp } from "./http.ts";
import type { ResolvedOptions } from "./options.ts";
import { withRetry } from "./retry.ts";
import type { DavUrls } from "./urls.ts";

/** What an upload needs: our HTTP layer, the URLs and the options (retry policy, chunk sizes). */
export interface UploadContext {
  http: DavHttp;
  urls: DavUrls;
  options: ResolvedOptions;
}

/** One upload of one file: where, what, and how to report progress (absolute bytes sent). */
export interface UploadJob {
  segments: readonly string[];
  source: UploadSource;
  report: (sent: number) => void;
  signal: AbortSignal | undefined;
  /** `le fichier « a/b.pdf »`, for error messages. */
  what: string;
}

/** What the server told us about the new file. */
export interface Uploaded {
  /** From Nextcloud's `OC-FileId` header, when it sent one. */
  fileId: string | null;
}

/**
 * A single streamed PUT with `If-None-Match: *` (412 → `exists`) and an explicit Content-Length.
 * Each attempt reads the source afresh: its lent range if it has one (one byte more than its size,
 * so that a longer source is caught as with a stream), else a stream of it. A missing parent folder
 * comes back as a WorkspaceError with status 409.
 */
export async function putWhole(context: UploadContext, job: UploadJob): Promise<Uploaded> {
  const { source } = job;
  return withRetry(
    context.options,
    async () => {
      const input: AsyncIterable<unknown> & { destroy?: () => void } =
        source.readRange === undefined ? source.open() : source.readRange(0, source.size + 1);
      // An abort must not wait for a stalled source (a slow download) to give its next bytes.
      const onAbort = () => input.destroy?.();
      job.signal?.addEventListener("abort", onAbort, { once: true });
      let sent = 0;
      try {
        const response = await context.http.send({
          method: "PUT",
          url: context.urls.file(job.segments),
          headers: { "if-none-match": "*", "content-type": "application/octet-stream" },
          body: {
            bytes: exactBytes(input, source.size, (count) => {
              sent += count;
              job.report(sent);
            }),
            length: source.size,
            lent: source.readRange !== undefined,
          },
          signal: job.signal,
          what: job.what,
        });
        const fileId = fileIdFromHeader(response.headers.get("oc-fileid"));
        await response.discard();
        return { fileId };
      } finally {
        job.signal?.removeEventListener("abort", onAbort);
        input.destroy?.();
      }
    },
    job.signal,
  );
}

/**
 * Nextcloud's `OC-FileId` is the file id zero-padded to 8 digits followed by the instance id
 * (`00014134ocavo5k17gb5`); `oc:fileid` and `/index.php/f/{id}` use the bare number.
 */
export function fileIdFromHeader(value: string | null): string | null {
  const digits = value?.trim().match(/^(\d+)oc/)?.[1];
  if (digits === undefined) return null;
  return digits.replace(/^0+(?=\d)/, "");
}
