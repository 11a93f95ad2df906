/**
 * Seeds synthetic territories in a process of its own, so that the memory it takes (Prisma's
 * query compiler keeps the WebAssembly memory large batches grew) is not counted as the bot's.
 * `node bench/lib/seed-process.ts <DATABASE_URL> <territories> <events year>`; prints the slugs
 * as JSON. Every territory gets one channel subscribed to every kind of reminder.
 */
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/config.ts";
import { seedSyntheticTerritories } from "./synthetic.ts";

const [url, count, year] = process.argv.slice(2);
const app = await createApp(loadConfig({ DATABASE_URL: url, SEED_DEMO: "false" }), {
  clock: () => new Date(),
});
try {
  const slugs = await seedSyntheticTerritories(app.db.prisma, Number(count), 40, 5, {
    eventsYear: Number(year),
    varied: true,
  });
  for (const slug of slugs) {
    await app.reminders.subscribe({
      territorySlug: slug,
      platform: "sink",
      channelId: slug,
      kinds: ["milestone", "overdue", "event", "convention", "referents", "digest"],
      createdBy: "bench",
    });
  }
  process.stdout.write(JSON.stringify(slugs));
} finally {
  await app.close();
}
