import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { consoleProgress } from "../../src/chat/console/console-progress.ts";

function sink() {
  const chunks: string[] = [];
  const output = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { output, chunks };
}

const MB = 1024 * 1024;

describe("progress of a long upload in the console", () => {
  it("rewrites one line in a terminal, once per percent, and ends it", () => {
    const { output, chunks } = sink();
    const shown = consoleProgress(output, true)("Envoi de « gros.pdf »");
    for (let sent = 0; sent <= 100 * MB; sent += MB / 4) shown.update(sent, 100 * MB);
    shown.done();
    expect(chunks).toHaveLength(102);
    expect(chunks.every((c, i) => i === chunks.length - 1 || c.startsWith("\r"))).toBe(true);
    expect(chunks.at(-2)).toBe("\rEnvoi de « gros.pdf » : 100 % (100 Mo sur 100 Mo)");
    expect(chunks.at(-1)).toBe("\n");
  });

  it("prints a line per quarter when the output is not a terminal, and nothing for a small file", () => {
    const { output, chunks } = sink();
    const big = consoleProgress(output, false)("Envoi");
    for (let sent = 0; sent <= 40 * MB; sent += MB) big.update(sent, 40 * MB);
    big.done();
    expect(chunks.map((c) => c.match(/: (\d+) %/)?.[1])).toEqual(["0", "25", "50", "75", "100"]);
    const small = consoleProgress(output, false)("Envoi");
    small.update(1024, 2048);
    small.done();
    expect(chunks).toHaveLength(5);
  });
});
