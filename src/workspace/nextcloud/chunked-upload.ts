import { randomUUID } from "node:crypto";
import { ByteCursor, SourceSizeError } from "../byte-stream.ts";
import { withRetry } from "./retry.ts";
import { fileIdFromHeader, type UploadContext, type Uploaded, type UploadJob } from "./upload.ts";

/** Nextcloud numbers chunks 1 to 10000. */
const MAX_CHUNKS = 10_000;

/** Chunk names as Nextcloud's own clients write them: `00001`, `00002`… (assembled in name order). */
export function chunkName(index: number): string {
  return String(index).padStart(5, "0");
}

/**
 * Nextcloud chunked upload v2: MKCOL `/uploads/{user}/{id}` with the `Destination`, PUT each chunk
 * with `Destination` and `OC-Total-Length`, then MOVE `{id}/.file` onto the destination with
 * `Overwrite: F` (Sabre answers 412 when it is taken). The chunks are slices of one stream of the
 * source, never held in memory. On any failure or abort the upload folder is DELETEd.
 *
 * No `If-None-Match: *` on the MOVE: Sabre evaluates it against the request URI — the `.file`
 * being moved, which exists — so it would always fail with 412.
 */
export async function putChunked(context: UploadContext, job: UploadJob): Promise<Uploaded> {
  const { http, urls, options } = context;
  const size = job.source.size;
  const uploadId = `ctg-bot-${randomUUID()}`;
  const destination = urls.file(job.segments);
  const total = String(size);
  const chunkSize = Math.max(options.chunkSizeBytes, Math.ceil(size / MAX_CHUNKS));
  const count = Math.ceil(size / chunkSize);

  const created = await withRetry(
    options,
    () =>
      http.send({
        method: "MKCOL",
        url: urls.upload(uploadId),
        headers: { destination },
        signal: job.signal,
        what: job.what,
      }),
    job.signal,
  );
  await created.discard();

  // One cursor over the source; re-opened and advanced to the chunk's offset after a failed attempt.
  const reader: { cursor: ByteCursor | null; offset: number } = { cursor: null, offset: -1 };
  const cursorAt = async (offset: number): Promise<ByteCursor> => {
    if (reader.cursor === null || reader.offset !== offset) {
      await reader.cursor?.close();
      reader.cursor = new ByteCursor(job.source.open());
      await reader.cursor.skip(offset);
    }
    reader.offset = -1;
    return reader.cursor;
  };

  try {
    for (let index = 0; index < count; index += 1) {
      const offset = index * chunkSize;
      const length = Math.min(chunkSize, size - offset);
      await withRetry(
        options,
        async () => {
          const cursor = await cursorAt(offset);
          let sent = 0;
          const response = await http.send({
            method: "PUT",
            url: urls.upload(uploadId, chunkName(index + 1)),
            headers: { destination, "oc-total-length": total, "content-type": "application/octet-stream" },
            body: {
              bytes: cursor.take(length, (bytes) => {
                sent += bytes;
                job.report(offset + sent);
              }),
              length,
            },
            signal: job.signal,
            what: job.what,
          });
          await response.discard();
          reader.offset = offset + length;
        },
        job.signal,
      );
    }
    if (reader.cursor !== null && !(await reader.cursor.atEnd())) throw new SourceSizeError(size, size, true);

    const moved = await withRetry(
      options,
      () =>
        http.send({
          method: "MOVE",
          url: urls.upload(uploadId, ".file"),
          headers: { destination, "oc-total-length": total, overwrite: "F" },
          signal: job.signal,
          what: job.what,
          timeoutMs: options.responseTimeoutMs,
        }),
      job.signal,
    );
    const fileId = fileIdFromHeader(moved.headers.get("oc-fileid"));
    await moved.discard();
    return { fileId };
  } catch (error) {
    await abandonUpload(context, uploadId);
    throw error;
  } finally {
    await reader.cursor?.close();
  }
}

/** DELETE of the upload folder, best effort (Nextcloud expires it after 24 h anyway). */
async function abandonUpload(context: UploadContext, uploadId: string): Promise<void> {
  try {
    const response = await context.http.send({
      method: "DELETE",
      url: context.urls.upload(uploadId),
      what: "le dossier d'envoi par morceaux",
      accept: [404],
    });
    await response.discard();
  } catch {
    // the chunks expire on the server
  }
}
