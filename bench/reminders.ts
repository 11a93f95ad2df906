/**
 * Reminders at scale: a year of reminders for synthetic territories (default 1 000 × 40 actions ×
 * 5 milestones, 10 events each) in PostgreSQL, planned by weekly ticks into the outbox and
 * delivered into a counting sink. Prints planning time per tick, deliveries per second and peak
 * memory. `npm run bench:reminders` (TERRITORIES=200 for a quicker run).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createApp } from "../src/app.ts";
import { createReminderRuntime } from "../src/app-reminders.ts";
import { loadConfig } from "../src/config/config.ts";
import type { Deliver } from "../src/core/delivery.ts";
import { planReminders } from "../src/core/reminders/plan-reminders.ts";
import { groupOverdue } from "../src/scheduler/reminder-scheduler.ts";
import { createPostgresDatabase } from "../test/helpers/databases.ts";

const SEEDER = path.resolve(import.meta.dirname, "lib/seed-process.ts");

const TERRITORIES = Number(process.env.TERRITORIES ?? 1000);
const TICK_DAYS = 7;
/** Weeks simulated (default a year); fewer for a quick look at a large number of territories. */
const WEEKS = Number(process.env.WEEKS ?? 53);
const DAY = 86_400_000;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

const db = await createPostgresDatabase();
let peakRss = 0;
/** The heap, external and array-buffer figures when RSS peaked: which of them made the peak. */
let atPeak = process.memoryUsage();
/** What the bench was doing when RSS peaked. */
let phase = "start";
let phaseAtPeak = phase;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peakRss) {
    peakRss = m.rss;
    atPeak = m;
    phaseAtPeak = phase;
  }
}, 200);
try {
  let now = new Date("2026-01-01T00:00:00Z");
  const t0 = performance.now();
  const seeded = spawnSync(process.execPath, [SEEDER, db.url ?? "", String(TERRITORIES), "2026"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
  const slugs = JSON.parse(seeded.stdout) as string[];
  console.log(
    `${TERRITORIES} territories x 40 actions x 5 milestones, 10 events each: seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (separate process)`,
  );
  const app = await createApp(loadConfig({ DATABASE_URL: db.url, SEED_DEMO: "false" }), { clock: () => now });

  let delivered = 0;
  const perChannel = new Map<string, Set<string>>();
  let duplicates = 0;
  const deliver: Deliver = async (d) => {
    delivered++;
    const keys = perChannel.get(d.channelId) ?? new Set<string>();
    if (keys.has(d.key)) duplicates++;
    keys.add(d.key);
    perChannel.set(d.channelId, keys);
  };
  // Weekly ticks: each plans the week ahead (the bot itself ticks every minute with a 36 h horizon).
  const runtime = createReminderRuntime(app, deliver, () => now, {
    lateToleranceMs: TICK_DAYS * DAY + 60_000,
    horizonMs: TICK_DAYS * DAY + 3_600_000,
    senderBatch: 500,
  });
  const start = now;
  // The outbox is a queue: every status change leaves a dead row that autovacuum clears. A year in
  // minutes outruns autovacuum's one-minute nap, and some servers (this machine's) run with it off:
  // then the bench vacuums the table after each simulated week, as autovacuum would over that week.
  const [setting] = await app.db.prisma.$queryRawUnsafe<{ autovacuum: string }[]>("SHOW autovacuum");
  const vacuumEachWeek = setting?.autovacuum !== "on";
  if (vacuumEachWeek) {
    console.log(
      "autovacuum is off on this server: the bench runs VACUUM (ANALYZE) outbox_item after each week",
    );
    await app.db.prisma.$executeRawUnsafe("ANALYZE");
  }
  const ticks: number[] = [];
  let sendMs = 0;
  const end = new Date(now.getTime() + WEEKS * TICK_DAYS * DAY);
  while (now < end) {
    let t = performance.now();
    phase = `planning week ${ticks.length + 1}`;
    await runtime.scheduler.tick();
    phase = `sending week ${ticks.length + 1}`;
    ticks.push(performance.now() - t);
    // Deliver everything due during the coming week, in simulated time.
    const weekEnd = new Date(now.getTime() + TICK_DAYS * DAY);
    t = performance.now();
    for (let step = now.getTime(); step < weekEnd.getTime(); step += 3_600_000) {
      now = new Date(Math.max(step, now.getTime()));
      // As the bot's loop does, in simulated time: drain while runs deliver; a channel takes one
      // message a second, so the clock moves a second between runs.
      for (let i = 0; i < 10_000; i++) {
        const round = await runtime.sender.runOnce();
        if (round.sent + round.retried + round.failed + round.deferred === 0) break;
        now = new Date(now.getTime() + 1_000);
      }
    }
    sendMs += performance.now() - t;
    now = weekEnd;
    if (vacuumEachWeek) await app.db.prisma.$executeRawUnsafe("VACUUM (ANALYZE) outbox_item");
    if (ticks.length % 10 === 0) process.stderr.write(`… week ${ticks.length}, ${delivered} delivered\n`);
  }
  // The bot ticks every minute: when nothing changed, a tick only checks each territory's version.
  const steady: number[] = [];
  for (let i = 0; i < 5; i++) {
    now = new Date(now.getTime() + 60_000);
    const t = performance.now();
    await runtime.scheduler.tick();
    steady.push(performance.now() - t);
  }
  console.log(`steady per-minute tick (nothing changed): median ${quantile(steady, 0.5).toFixed(0)} ms`);
  // Completeness on a sample: what the planner says was due over the simulated time, delivered once.
  let missed = 0;
  let expectedSample = 0;
  for (const slug of slugs.filter((_, i) => i % Math.max(1, Math.floor(slugs.length / 20)) === 0)) {
    const territory = await app.repo.getTerritory(slug);
    const knowledge = await app.repo.getKnowledge(slug);
    if (!territory || !knowledge) continue;
    const due = planReminders({
      knowledge,
      subscriptions: await app.reminders.subscriptionsOf(territory.id),
      policy: await app.reminders.policyOf(slug),
      from: start,
      to: end,
    });
    const keys = groupOverdue(due, slug, territory.timezone).map((o) => o.key);
    expectedSample += keys.length;
    const got = perChannel.get(slug) ?? new Set<string>();
    missed += keys.filter((k) => !got.has(k)).length;
  }
  console.log(
    `check on a sample: ${expectedSample} reminders due, ${missed} missed; ${duplicates} duplicates in all; ${(delivered / TERRITORIES).toFixed(0)} reminders per territory`,
  );
  const stats = await runtime.store.stats();
  console.log(
    `planning: ${ticks.length} weekly ticks (each plans a new week), per tick median ${(quantile(ticks, 0.5) / 1000).toFixed(2)} s, p95 ${(quantile(ticks, 0.95) / 1000).toFixed(2)} s, max ${(Math.max(...ticks) / 1000).toFixed(2)} s (first tick loads every territory)`,
  );
  console.log(
    `delivered: ${delivered} reminders in ${(sendMs / 1000).toFixed(1)} s = ${(delivered / (sendMs / 1000)).toFixed(0)} deliveries/s`,
  );
  console.log(
    `outbox at the end: ${JSON.stringify({ ...stats, oldestPendingDueAt: stats.oldestPendingDueAt?.toISOString() ?? null })}`,
  );
  console.log(
    `peak RSS of the bot process: ${(peakRss / 1_048_576).toFixed(0)} MB (maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; heap used at the end ${(process.memoryUsage().heapUsed / 1_048_576).toFixed(0)} MB, external ${(process.memoryUsage().external / 1_048_576).toFixed(0)} MB)`,
  );
  const mb = (n: number) => `${(n / 1_048_576).toFixed(0)} MB`;
  console.log(
    `at the peak (${phaseAtPeak}): V8 heap ${mb(atPeak.heapUsed)} used of ${mb(atPeak.heapTotal)}, external ${mb(atPeak.external)} (array buffers ${mb(atPeak.arrayBuffers)}), the rest of RSS (code, WebAssembly memory, allocator) ${mb(atPeak.rss - atPeak.heapTotal - atPeak.external)}`,
  );
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  console.log(
    `memory after a full GC: rss ${mb(m.rss)}, V8 heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})`,
  );
  await app.close();
} finally {
  clearInterval(sample);
  await db.drop();
}
