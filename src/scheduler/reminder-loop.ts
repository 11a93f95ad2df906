import { schedule } from "node-cron";
import type { ReminderScheduler } from "./reminder-scheduler.ts";
import type { Sender } from "./sender.ts";

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
}): ReminderLoop {
  let running: Promise<unknown> = Promise.resolve();
  const guarded = (work: () => Promise<unknown>) => () => {
    running = running.then(work).catch(deps.onError);
    return running;
  };
  const send = guarded(() => deps.sender.runOnce());
  // One task per timezone, each planning only its own territories: no territory is planned twice.
  const tasks = [
    ...[...new Set(deps.timezones)].map((timezone) =>
      schedule(
        "* * * * *",
        guarded(() => deps.scheduler.tick({ timezone })),
        { timezone, noOverlap: true },
      ),
    ),
    schedule("*/5 * * * * *", send, { noOverlap: true }),
  ];
  void guarded(() => deps.scheduler.tick())().then(send);
  return {
    async stop() {
      for (const task of tasks) await task.stop();
      await running;
    },
  };
}
