import { hostname } from "node:os";
import type { App } from "./app.ts";
import type { Deliver } from "./core/delivery.ts";
import { type Log, silentLog } from "./core/log.ts";
import { type ReminderLoop, startReminderLoop } from "./scheduler/reminder-loop.ts";
import { ReminderScheduler } from "./scheduler/reminder-scheduler.ts";
import { Sender } from "./scheduler/sender.ts";
import { OutboxStore } from "./store/outbox-store.ts";

export interface ReminderRuntime {
  scheduler: ReminderScheduler;
  sender: Sender;
  store: OutboxStore;
  start(onError: (error: unknown) => void): Promise<ReminderLoop>;
}

/** The reminder pipeline of one process: planner → outbox → sender → `deliver`. */
export function createReminderRuntime(
  app: App,
  deliver: Deliver,
  clock: () => Date,
  options: {
    lateToleranceMs?: number;
    horizonMs?: number;
    senderBatch?: number;
    /** One line per reminder sent, retried, failed or released; one per tick that planned something. */
    log?: Log;
    /** Each sender event (`outbox.sent`, `outbox.failed`…) and tick report, for the metrics. */
    observe?: (event: { event: string; count?: number }) => void;
  } = {},
): ReminderRuntime {
  const log = options.log ?? silentLog;
  const store = new OutboxStore(app.db.prisma, { kind: app.db.kind });
  const scheduler = new ReminderScheduler({
    repo: app.repo,
    reminders: app.reminders,
    knowledge: app.knowledge,
    store,
    clock,
    ...(options.lateToleranceMs !== undefined ? { lateToleranceMs: options.lateToleranceMs } : {}),
    ...(options.horizonMs !== undefined ? { horizonMs: options.horizonMs } : {}),
  });
  const sender = new Sender({
    store,
    deliver,
    owner: `${hostname()}:${process.pid}`,
    clock,
    log: (event) => {
      const { event: name, key, ...fields } = event as { event: string; key?: string };
      // The outbox key ties together every line about one reminder, across retries and processes.
      const line = { event: `reminder.${name.replace(/^outbox\./, "")}`, cid: key, ...fields };
      if (name === "outbox.failed") log.warn(line, "reminder failed");
      else if (name === "outbox.sent") log.info(line, "reminder sent");
      else log.info(line, `reminder ${name.replace(/^outbox\./, "")}`);
      options.observe?.({ event: name });
    },
    ...(options.senderBatch !== undefined ? { batch: options.senderBatch } : {}),
  });
  return {
    scheduler,
    sender,
    store,
    async start(onError) {
      const timezones = (await app.repo.listTerritories()).map((t) => t.timezone);
      return startReminderLoop({
        scheduler,
        sender,
        timezones: timezones.length ? timezones : ["Europe/Paris"],
        onError,
        onTick: (report) => {
          if (report.enqueued + report.cancelled + report.late + report.catchUps === 0) return;
          log.info({ event: "reminder.planned", ...report }, "reminders planned");
          options.observe?.({ event: "planned", count: report.enqueued });
        },
      });
    },
  };
}
