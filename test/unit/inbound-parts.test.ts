import { describe, expect, it } from "vitest";
import { choicesOf, numberOf } from "../../src/core/inbound/choices.ts";
import { progressMessage } from "../../src/core/inbound/progress.ts";
import { rateLimiter } from "../../src/core/inbound/rate-limit.ts";
import { reply, text } from "../../src/core/reply.ts";

describe("numbered choices", () => {
  it("reads a keycap reaction or a typed number, with or without the emoji variation selector", () => {
    expect(numberOf("2️⃣")).toBe(2);
    expect(numberOf("2\u20E3")).toBe(2);
    expect(numberOf("🔟")).toBe(10);
    expect(numberOf(" 3 ")).toBe(3);
    expect(numberOf("👍")).toBeNull();
    expect(numberOf("trois")).toBeNull();
  });

  it("takes the commands of every choices block, in the order they are numbered", () => {
    const offered = reply(
      text("Plusieurs dossiers possibles."),
      { type: "choices", prompt: "Où ?", choices: [{ label: "A", command: "deplacer x 1" }] },
      { type: "choices", prompt: "Ou bien", choices: [{ label: "B", command: "deplacer x 2" }] },
    );
    expect(choicesOf(offered)).toEqual(["deplacer x 1", "deplacer x 2"]);
    expect(choicesOf(reply(text("Rien à choisir.")))).toEqual([]);
  });
});

describe("rate limit", () => {
  it("lets `perMinute` messages through in a sliding minute, answers the first one over, then drops", () => {
    let now = Date.parse("2026-12-08T09:00:00Z");
    const limiter = rateLimiter({ perMinute: 3, clock: () => new Date(now) });
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual(["ok", "ok", "ok"]);
    expect(limiter.take("a")).toBe("first-refusal");
    expect(limiter.take("a")).toBe("refused");
    // Someone else is not held back.
    expect(limiter.take("b")).toBe("ok");
    now += 59_999;
    expect(limiter.take("a")).toBe("refused");
    now += 1;
    expect(limiter.take("a")).toBe("ok");
  });
});

describe("upload progress, one component for every chat", () => {
  const MB = 1024 * 1024;
  it("posts once, replaces at most every interval, and closes with « terminé »", async () => {
    let now = 0;
    const calls: string[] = [];
    const reporter = progressMessage(
      {
        post: async (line) => {
          calls.push(`post ${line}`);
          return "m1";
        },
        replace: async (ref, line) => void calls.push(`replace ${ref} ${line}`),
      },
      { clock: () => new Date(now), intervalMs: 2000, minBytes: MB },
    )("Envoi de « CR.pdf »");
    reporter.update(1 * MB, 10 * MB);
    now += 1000;
    reporter.update(2 * MB, 10 * MB); // too soon: not shown
    now += 1000;
    reporter.update(5 * MB, 10 * MB);
    reporter.done();
    reporter.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([
      "post Envoi de « CR.pdf » : 10 % (1 Mo sur 10 Mo)",
      "replace m1 Envoi de « CR.pdf » : 50 % (5 Mo sur 10 Mo)",
      "replace m1 Envoi de « CR.pdf » : terminé.",
    ]);
  });

  it("shows nothing for a small file, and a surface that fails never stops the upload", async () => {
    const errors: unknown[] = [];
    const calls: string[] = [];
    const small = progressMessage(
      {
        post: async (line) => {
          calls.push(line);
          return "m";
        },
        replace: async () => {},
      },
      { clock: () => new Date(0), intervalMs: 0, minBytes: MB },
    )("Envoi");
    small.update(10, 100);
    small.done();
    const failing = progressMessage(
      {
        post: async () => {
          throw new Error("chat down");
        },
        replace: async () => {},
      },
      { clock: () => new Date(0), intervalMs: 0, minBytes: 0, onError: (e) => errors.push(e) },
    )("Envoi");
    failing.update(1, 2);
    failing.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});
