import { hostname } from "node:os";
import type { App } from "../app.ts";
import { OutboxStore } from "../store/outbox-store.ts";
import type { Deliver } from "./delivery.ts";
import { type ReminderLoop, startReminderLoop } from "./reminder-loop.ts";
import { ReminderScheduler } from "./reminder-scheduler.ts";
import { Sender } from "./sender.ts";

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
  options: { lateToleranceMs?: number; horizonMs?: number; senderBatch?: number } = {},
): ReminderRuntime {
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
      });
    },
  };
}
