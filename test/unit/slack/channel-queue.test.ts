import { describe, expect, it } from "vitest";
import { ChannelQueue, rateLimitDelayMs } from "../../../src/chat/channel-queue.ts";

/** A fake clock: `sleep` advances it instead of waiting. */
function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const rateLimited = (retryAfter: number) =>
  Object.assign(new Error("rate limited"), { code: "slack_webapi_rate_limited_error", retryAfter });

describe("per-channel queue", () => {
  it("spaces the messages of one channel by a second, not those of different channels", async () => {
    const time = fakeTime();
    const queue = new ChannelQueue({ now: time.now, sleep: time.sleep });
    const at: [string, number][] = [];
    const post = (channel: string) => queue.run(channel, async () => at.push([channel, time.now()]));
    await Promise.all([post("C1"), post("C1"), post("C2"), post("C1")]);
    expect(at.filter(([c]) => c === "C1").map(([, t]) => t)).toEqual([0, 1000, 2000]);
    expect(at.filter(([c]) => c === "C2").map(([, t]) => t)).toEqual([0]);
  });

  it("waits the Retry-After of a 429 and tries again; the whole channel waits", async () => {
    const time = fakeTime();
    const queue = new ChannelQueue({ now: time.now, sleep: time.sleep });
    let calls = 0;
    const first = queue.run("C1", async () => {
      calls += 1;
      if (calls === 1) throw rateLimited(30);
      return time.now();
    });
    const second = queue.run("C1", async () => time.now());
    expect(await first).toBe(30_000);
    expect(await second).toBe(31_000);
    expect(time.slept).toEqual([30_000, 1000]);
  });

  it("hands the 429 back when asked (the reminder sender retries durably), and gives up after the retries", async () => {
    const time = fakeTime();
    const queue = new ChannelQueue({ now: time.now, sleep: time.sleep, maxRateLimitRetries: 2 });
    await expect(
      queue.run("C1", async () => Promise.reject(rateLimited(5)), { retryRateLimited: false }),
    ).rejects.toMatchObject({ retryAfter: 5 });
    let attempts = 0;
    await expect(
      queue.run("C2", async () => {
        attempts += 1;
        throw rateLimited(1);
      }),
    ).rejects.toMatchObject({ code: "slack_webapi_rate_limited_error" });
    expect(attempts).toBe(3);
    await expect(queue.run("C3", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });

  it("reads the delay of Slack's rate-limit error only", () => {
    expect(rateLimitDelayMs(rateLimited(7))).toBe(7000);
    expect(rateLimitDelayMs(new Error("other"))).toBeNull();
  });
});
