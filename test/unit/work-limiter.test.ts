import { describe, expect, it } from "vitest";
import { WorkLimiter } from "../../src/chat/work-limiter.ts";

describe("work limiter", () => {
  it("runs at most N tasks at once, the others in arrival order, and frees its slot on failure", async () => {
    const limiter = new WorkLimiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, () => Promise.withResolvers<void>());
    const tasks = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await gate.promise;
        running -= 1;
        if (i === 1) throw new Error("tâche 1");
        return i;
      }),
    );
    const settled = Promise.allSettled(tasks);
    for (const gate of gates) {
      await new Promise((resolve) => setImmediate(resolve));
      gate.resolve();
    }
    const results = await settled;
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    expect(() => new WorkLimiter(0)).toThrow(RangeError);
  });
});
