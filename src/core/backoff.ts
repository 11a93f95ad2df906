/**
 * The one retry delay of the bot (reminders, spooled documents): doubling from `baseMs`, capped at
 * `capMs`, with « equal jitter » — a random point in the upper half of the step — so that replicas
 * and documents failing together do not all come back at the same second. `random` is injectable
 * (tests pass a constant; 1 gives the step itself).
 */
export function backoff(options: {
  baseMs: number;
  capMs: number;
  random?: () => number;
}): (attempt: number) => number {
  const random = options.random ?? Math.random;
  return (attempt) => {
    const step = Math.min(options.baseMs * 2 ** Math.max(0, attempt - 1), options.capMs);
    return Math.round(step / 2 + (step / 2) * Math.min(1, Math.max(0, random())));
  };
}
