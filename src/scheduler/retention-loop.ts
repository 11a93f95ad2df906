import { schedule } from "node-cron";
import { currentLog, type Log, withLog } from "../core/log.ts";

/** Deletes what is past its retention as of `now`; returns how many rows of each kind went. */
export type Purge = (now: Date) => Promise<Record<string, number>>;

/**
 * Once at start and then every night at 03:17 (in `timezone`), deletes what is past its
 * retention (audit log, old reminders, old chat event ids). Every replica may run it: the
 * deletes are idempotent. `purgeOnce` is what the task runs.
 */
export async function purgeOnce(purge: Purge, now: Date): Promise<Record<string, number>> {
  const report = await purge(now);
  currentLog().info({ event: "retention.purged", ...report }, "retention purge done");
  return report;
}

export function startRetentionLoop(deps: {
  purge: Purge;
  clock: () => Date;
  timezone: string;
  log: Log;
  onError: (error: unknown) => void;
}): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = withLog(deps.log, () => purgeOnce(deps.purge, deps.clock())).catch(deps.onError);
    return running;
  };
  const task = schedule("17 3 * * *", run, { timezone: deps.timezone, noOverlap: true });
  void run();
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
