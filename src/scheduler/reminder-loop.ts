import { schedule } from "node-cron";
import type { ReminderScheduler, TickReport } from "./reminder-scheduler.ts";
import type { Sender } from "./sender.ts";

const MAX_RUNS_PER_ROUND = 50;

export interface ReminderLoop {
  stop(): Promise<void>;
}

/**
 * Drives the scheduler with node-cron: plans every minute (in each territory timezone, so a
 * DST change never shifts a tick) and delivers every five seconds. The work itself is in
 * `tick()` and `runOnce()`, which tests call directly with a fake clock.
 */
export function startReminderLoop(deps: {
  scheduler: ReminderScheduler;
  sender: Sender;
  timezones: string[];
  onError: (error: unknown) => void;
  /** Each planning tick's report (logs, metrics). */
  onTick?: (report: TickReport) => void;
}): ReminderLoop {
  const tick = async (options: { timezone?: string } = {}) => {
    const report = await deps.scheduler.tick(options);
    deps.onTick?.(report);
  };
  let running: Promise<unknown> = Promise.resolve();
  const guarded = (work: () => Promise<unknown>) => () => {
    running = running.then(work).catch(deps.onError);
    return running;
  };
  // Every five seconds, drain: run again while runs deliver something (a Monday digest for a
  // thousand channels goes out in one go, not a hundred every five seconds); channels posted to
  // a moment ago are left for the next round.
  const send = guarded(async () => {
    for (let run = 0; run < MAX_RUNS_PER_ROUND; run++) {
      const report = await deps.sender.runOnce();
      if (report.sent + report.retried + report.failed === 0) break;
    }
  });
  // One task per timezone, each planning only its own territories: no territory is planned twice.
  const tasks = [
    ...[...new Set(deps.timezones)].map((timezone) =>
      schedule(
        "* * * * *",
        guarded(() => tick({ timezone })),
        { timezone, noOverlap: true },
      ),
    ),
    schedule("*/5 * * * * *", send, { noOverlap: true }),
  ];
  void guarded(() => tick())().then(send);
  return {
    async stop() {
      // The round in progress posts its current item and gives the rest back.
      deps.sender.stop();
      for (const task of tasks) await task.stop();
      await running;
    },
  };
}
