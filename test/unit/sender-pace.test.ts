import { describe, expect, it } from "vitest";
import { backoff } from "../../src/core/backoff.ts";
import { defaultBackoff } from "../../src/scheduler/sender.ts";
import { ChannelPace } from "../../src/scheduler/sender-pace.ts";

const slack = (channelId: string) => ({ platform: "slack", channelId });

describe("channel pace", () => {
  it("allows one post per interval and per channel", () => {
    const pace = new ChannelPace(1_000);
    expect(pace.allowedAt(slack("C1"), 0)).toBe(0);
    pace.posted(slack("C1"), 0);
    expect(pace.allowedAt(slack("C1"), 10)).toBe(1_000);
    expect(pace.allowedAt(slack("C2"), 10)).toBe(10);
    // The same channel id on another platform is another channel.
    expect(pace.allowedAt({ platform: "matrix", channelId: "C1" }, 10)).toBe(10);
  });

  it("never shortens a wait the platform asked for", () => {
    const pace = new ChannelPace(1_000);
    pace.blockUntil(slack("C1"), 30_000);
    pace.posted(slack("C1"), 0);
    expect(pace.allowedAt(slack("C1"), 0)).toBe(30_000);
  });

  it("gives items held back in one run consecutive slots", () => {
    const pace = new ChannelPace(1_000);
    pace.posted(slack("C1"), 0);
    pace.hold(slack("C1"), pace.allowedAt(slack("C1"), 0));
    expect(pace.allowedAt(slack("C1"), 0)).toBe(2_000);
    pace.hold(slack("C1"), 2_000);
    expect(pace.allowedAt(slack("C1"), 0)).toBe(3_000);
    pace.beginRun();
    // Next run, at 1 s: the item given the first slot goes.
    expect(pace.allowedAt(slack("C1"), 1_000)).toBe(1_000);
  });

  it("forgets channels that are free again", () => {
    const pace = new ChannelPace(1_000);
    pace.posted(slack("C1"), 0);
    pace.posted(slack("C2"), 5_000);
    pace.forget(1_000);
    expect(pace.allowedAt(slack("C1"), 2_000)).toBe(2_000);
    expect(pace.allowedAt(slack("C2"), 2_000)).toBe(6_000);
  });
});

describe("backoff", () => {
  it("doubles from its base and stops at its cap; the jitter keeps to the upper half of the step", () => {
    const top = backoff({ baseMs: 5_000, capMs: 3_600_000, random: () => 1 });
    expect([1, 2, 3, 4].map(top)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(top(20)).toBe(3_600_000);
    const bottom = backoff({ baseMs: 5_000, capMs: 3_600_000, random: () => 0 });
    expect([1, 2, 3].map(bottom)).toEqual([2_500, 5_000, 10_000]);
    for (let attempt = 1; attempt <= 12; attempt++) {
      const d = defaultBackoff(attempt);
      const step = Math.min(5_000 * 2 ** (attempt - 1), 3_600_000);
      expect(d).toBeGreaterThanOrEqual(step / 2);
      expect(d).toBeLessThanOrEqual(step);
    }
  });
});
