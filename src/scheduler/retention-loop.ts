import { schedule } from "node-cron";
import { currentLog, type Log, withLog } from "../core/log.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { type PurgeReport, purgeExpired, type RetentionSettings } from "../store/retention.ts";

/**
 * Once at start and then every night at 03:17 (in `timezone`), deletes what is past its
 * retention (audit log, old reminders, old chat event ids). Every replica may run it: the
 * deletes are idempotent. `purgeOnce` is what the task runs.
 */
export async function purgeOnce(
  prisma: PrismaClient,
  now: Date,
  settings: RetentionSettings,
): Promise<PurgeReport> {
  const report = await purgeExpired(prisma, now, settings);
  currentLog().info({ event: "retention.purged", ...report }, "retention purge done");
  return report;
}

export function startRetentionLoop(deps: {
  prisma: PrismaClient;
  clock: () => Date;
  settings: RetentionSettings;
  timezone: string;
  log: Log;
  onError: (error: unknown) => void;
}): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = withLog(deps.log, () => purgeOnce(deps.prisma, deps.clock(), deps.settings)).catch(
      deps.onError,
    );
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
