import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileRange } from "../../../src/workspace/byte-stream.ts";

/** Copies of the chunks (they are lent: the next read reuses the buffer). */
async function collect(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; count: number }> {
  const copies: Buffer[] = [];
  for await (const chunk of chunks) copies.push(Buffer.from(chunk));
  return { bytes: Buffer.concat(copies), count: copies.length };
}

const openFiles = async () => (await readdir("/proc/self/fd")).length;

describe("readFileRange : une plage d'un fichier, dans un tampon réutilisé", () => {
  let dir: string;
  let file: string;
  const content = Buffer.from(Array.from({ length: 10_000 }, (_, index) => index % 251));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ctg-range-"));
    file = join(dir, "source.bin");
    await writeFile(file, content);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("donne exactement les octets de la plage, par morceaux de la taille du tampon, dans un seul tampon", async () => {
    const seen = new Set<ArrayBufferLike>();
    const copies: Buffer[] = [];
    for await (const chunk of readFileRange(file, 1_000, 9_500, 1_024)) {
      seen.add(chunk.buffer);
      copies.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(copies)).toEqual(content.subarray(1_000, 9_500));
    expect(copies.map((chunk) => chunk.length)).toEqual([...Array(8).fill(1_024), 8_500 - 8 * 1_024]);
    expect(seen.size).toBe(1);
  });

  it("s'arrête à la fin d'un fichier plus court, et ne donne rien d'une plage vide ou au-delà", async () => {
    expect((await collect(readFileRange(file, 9_000, 20_000, 4_096))).bytes).toEqual(content.subarray(9_000));
    expect(await collect(readFileRange(file, 500, 500))).toEqual({ bytes: Buffer.alloc(0), count: 0 });
    expect(await collect(readFileRange(file, 10_000, 10_001))).toEqual({ bytes: Buffer.alloc(0), count: 0 });
  });

  it.skipIf(process.platform !== "linux")("ferme le fichier quand on s'arrête avant la fin", async () => {
    const before = await openFiles();
    const reader = readFileRange(file, 0, content.length, 1_000);
    await reader.next();
    expect(await openFiles()).toBe(before + 1);
    await reader.return(undefined);
    expect(await openFiles()).toBe(before);
  });
});
