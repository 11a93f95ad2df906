import { PassThrough, Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import { IncomingFileError } from "../core/incoming.ts";
import { download } from "../core/wording/chat.ts";

/**
 * A file streamed from a chat platform when the filing reads it (never held in memory): `fetchBody`
 * makes the request and checks the answer (throwing an `IncomingFileError` that says why); a cut
 * in the middle or any other failure ends the stream with a French reason naming the platform.
 */
export function downloadStream(
  name: string,
  platform: string,
  fetchBody: () => Promise<ReadableStream<Uint8Array>>,
): Readable {
  const out = new PassThrough();
  void (async () => {
    const body = Readable.fromWeb(await fetchBody());
    body.on("error", () => out.destroy(new IncomingFileError(download.interrupted(name, platform))));
    body.pipe(out);
  })().catch((error: unknown) =>
    out.destroy(
      error instanceof IncomingFileError ? error : new IncomingFileError(download.failed(name, platform)),
    ),
  );
  return out;
}
