/**
 * One bot process for the multi-process reminder test: it reads commands on standard input
 * ("step <ISO instant>" runs a scheduler tick and the sender at that simulated time) and posts
 * deliveries to the recording sink given in SINK_URL. No wall-clock waiting anywhere.
 */
import { createInterface } from "node:readline";
import { createApp } from "../../src/app.ts";
import { createReminderRuntime } from "../../src/app-reminders.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Deliver } from "../../src/core/delivery.ts";

const sink = process.env.SINK_URL ?? "";
const owner = process.env.WORKER_NAME ?? String(process.pid);
let now = new Date(process.env.SIM_START ?? "2026-11-01T00:00:00Z");

const app = await createApp(loadConfig({ DATABASE_URL: process.env.DATABASE_URL, SEED_DEMO: "false" }), {
  clock: () => now,
});
// The sink plays a chat that can say whether a message with this key is in the channel (as
// Slack's message metadata or Matrix's transaction IDs do): asked only for uncertain items.
const deliver: Deliver = async (d) => {
  if (d.uncertain) {
    const check = await fetch(`${sink}posted/${encodeURIComponent(d.key)}?worker=${owner}`);
    if (check.status === 200) return;
    if (check.status !== 404) throw new Error(`sink answered ${check.status}`);
  }
  const res = await fetch(sink, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key: d.key, worker: owner, at: now.toISOString() }),
  });
  if (!res.ok) throw new Error(`sink answered ${res.status}`);
};
// The simulation ticks every few hours: that is its normal rhythm, not a downtime to catch up.
const runtime = createReminderRuntime(app, deliver, () => now, {
  lateToleranceMs: Number(process.env.LATE_TOLERANCE_MS ?? 15 * 60_000),
});

for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.split(" ");
  if (command === "step" && arg) {
    now = new Date(arg);
    await runtime.scheduler.tick();
    let sent = 0;
    // Within a step, simulated seconds pass while the sender paces a channel (one message a second).
    for (let i = 0; i < 500; i++) {
      const round = await runtime.sender.runOnce();
      sent += round.sent;
      if (round.sent === 0 && round.deferred === 0) break;
      if (round.deferred > 0) now = new Date(now.getTime() + 1_000);
    }
    process.stdout.write(`done ${sent}\n`);
  } else if (command === "quit") {
    break;
  }
}
await app.close();
