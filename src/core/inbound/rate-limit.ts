/**
 * At most `perMinute` messages per person in any sliding minute. The first message over the limit
 * is answered once (« patientez »); the next ones are dropped until the minute has passed.
 */
export interface RateLimiter {
  take(who: string): "ok" | "first-refusal" | "refused";
}

export function rateLimiter(options: { perMinute: number; clock: () => Date }): RateLimiter {
  const windowMs = 60_000;
  const seen = new Map<string, { times: number[]; told: boolean }>();
  let lastSweep = 0;
  return {
    take(who) {
      const now = options.clock().getTime();
      // Forget the people who have been quiet for a minute (the map stays small).
      if (now - lastSweep > windowMs) {
        lastSweep = now;
        for (const [key, entry] of seen) {
          if (entry.times.every((t) => now - t >= windowMs)) seen.delete(key);
        }
      }
      const entry = seen.get(who) ?? { times: [], told: false };
      entry.times = entry.times.filter((t) => now - t < windowMs);
      seen.set(who, entry);
      if (entry.times.length < options.perMinute) {
        entry.times.push(now);
        entry.told = false;
        return "ok";
      }
      if (entry.told) return "refused";
      entry.told = true;
      return "first-refusal";
    },
  };
}
