import { Readable } from "node:stream";
import type { UploadSource } from "../../src/workspace/workspace.ts";

/** Deterministic, non-repeating-looking bytes. */
export function pattern(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 1) bytes[index] = (index * 31 + (index >> 11)) % 251;
  return bytes;
}

/** An upload source that streams `content` in `chunk`-sized pieces, afresh at each `open()`. */
export function sourceOf(content: Buffer, chunk = 64 * 1024): UploadSource {
  return {
    size: content.length,
    open: () =>
      Readable.from(
        (function* () {
          for (let offset = 0; offset < content.length; offset += chunk)
            yield content.subarray(offset, offset + chunk);
        })(),
      ),
  };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
