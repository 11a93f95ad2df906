import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { createReminderRuntime } from "../../src/app-reminders.ts";
import { renderText } from "../../src/chat/render-text.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Deliver } from "../../src/core/delivery.ts";
import { openDatabase } from "../../src/store/database.ts";
import { loadMigrations } from "../../src/store/migrate.ts";
import { createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";

const run = promisify(execFile);
const NOW = new Date("2026-11-30T08:00:00Z");

/** The app on `db`, its local state in `dir`, and `/ctg <text>` sent from the console channel C0AGEN. */
async function startApp(db: TestDatabase, dir: string, clock: () => Date = () => NOW) {
  const config = loadConfig({ DATABASE_URL: db.url, DATA_DIR: dir, WORKSPACE_DIR: path.join(dir, "espace") });
  const app: App = await createApp(config, { clock });
  const send = async (text: string) => {
    const result = await app.dispatch({
      kind: "command",
      text,
      platform: "console",
      channelId: "C0AGEN",
      userId: "u1",
      receivedAt: NOW,
    });
    return { result, text: "reply" in result ? renderText(result.reply, "/ctg").text : "" };
  };
  return { app, send };
}

/** The procedures of docs/backup.md, on throwaway databases and folders. */
describe("backup and restore (docs/backup.md)", () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    [source, target] = await Promise.all([createPostgresDatabase(), createPostgresDatabase()]);
    dir = await mkdtemp(path.join(tmpdir(), "ctg-backup-"));
  });
  afterAll(async () => {
    await Promise.all([source?.drop(), target?.drop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("pg_dump -Fc then pg_restore into an empty database keeps what the team did in chat", async () => {
    const before = await startApp(source, path.join(dir, "avant"));
    try {
      await before.send("territoire agen");
      await before.send("rappels ici échéances");
      await before.send("rappels heure 8h30");
      expect((await before.send("rappel fait 11@2023-01-01")).text).toContain("C'est noté");
    } finally {
      await before.app.close();
    }

    const dump = path.join(dir, "ctg.dump");
    await run("pg_dump", ["-Fc", "-f", dump, "--dbname", source.url ?? ""]);
    await run("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", target.url ?? "", dump]);

    const restored = await openDatabase({ url: target.url, dataDir: "" });
    try {
      expect(restored.migrations.applied).toEqual([]);
      expect(restored.migrations.alreadyApplied).toBe((await loadMigrations()).length);
      expect(await restored.prisma.territory.count()).toBe(5);
    } finally {
      await restored.close();
    }

    const after = await startApp(target, path.join(dir, "apres"));
    try {
      // The channel is still bound (no territory named), subscribed, with its hour and the milestone done.
      const { result, text } = await after.send("rappels");
      expect(result.status).toBe("ok");
      expect(text).toContain("Agglomération d'Agen : échéances");
      expect(await after.app.reminders.policyOf("agen")).toMatchObject({ hour: 8, minute: 30 });
      const agen = await after.app.repo.getTerritory("agen");
      const action = await after.app.repo.getAction(agen?.id ?? "", "11");
      expect(action?.milestones.every((m) => m.done)).toBe(true);
      expect(after.app.seed?.imported ?? []).toEqual([]);
    } finally {
      await after.app.close();
    }
  });

  it("a copy of the stopped bot's DATA_DIR (tar) is a working embedded database", async () => {
    const data = path.join(dir, "pglite");
    const before = await startApp(
      { kind: "pglite", url: undefined, dataDir: data, drop: async () => {} },
      data,
    );
    try {
      await before.send("territoire agen");
      await before.send("rappels ici tout");
    } finally {
      await before.app.close();
    }
    const archive = path.join(dir, "ctg-data.tgz");
    await run("tar", ["-czf", archive, "-C", data, "."]);
    const copy = path.join(dir, "pglite-restauree");
    await mkdir(copy);
    await run("tar", ["-xzf", archive, "-C", copy]);
    const after = await startApp(
      { kind: "pglite", url: undefined, dataDir: copy, drop: async () => {} },
      copy,
    );
    try {
      expect(after.app.db.migrations.applied).toEqual([]);
      const { text } = await after.send("rappels");
      expect(text).toContain("Agglomération d'Agen : échéances, échéances en retard, évènements");
    } finally {
      await after.app.close();
    }
  });

  it("an older backup repeats the reminders sent since (caught up), unless the documented SQL marks them done", async () => {
    const original = await createPostgresDatabase();
    const [repeat, quiet] = [await createPostgresDatabase(), await createPostgresDatabase()];
    let now = new Date("2026-11-30T07:00:00Z");
    /** Runs the planner and the sender at `at` until nothing is left to send; the keys delivered. */
    const step = async (runtime: ReturnType<typeof createReminderRuntime>, at: Date, sink: string[]) => {
      now = at;
      await runtime.scheduler.tick();
      // The sender paces a channel (about a message a second): simulated seconds pass between rounds.
      for (let idle = 0, i = 0; idle < 3 && i < 300; i++) {
        const round = await runtime.sender.runOnce();
        idle = round.sent + round.deferred === 0 ? idle + 1 : 0;
        now = new Date(now.getTime() + 1_000);
      }
      return sink;
    };
    const recorder =
      (sink: string[]): Deliver =>
      async (d) => {
        sink.push(d.key);
      };
    try {
      // The bot runs, subscribed to everything; the backup is taken on 30 November.
      const live = await startApp(original, path.join(dir, "live"), () => now);
      const sentLive: string[] = [];
      try {
        await live.send("territoire agen");
        await live.send("rappels ici tout");
        const runtime = createReminderRuntime(live.app, recorder(sentLive), () => now, {
          lateToleranceMs: 24 * 3_600_000,
        });
        await step(runtime, now, sentLive);
        await run("pg_dump", ["-Fc", "-f", path.join(dir, "old.dump"), "--dbname", original.url ?? ""]);
        sentLive.length = 0;
        // Twelve more days of normal running (a tick every six hours) after the backup.
        for (let hours = 6; hours <= 12 * 24; hours += 6)
          await step(runtime, new Date(Date.parse("2026-11-30T07:00:00Z") + hours * 3_600_000), sentLive);
      } finally {
        await live.app.close();
      }
      expect(sentLive.length).toBeGreaterThan(0);
      const restoredAt = new Date("2026-12-12T08:00:00Z");

      for (const target of [repeat, quiet])
        await run("pg_restore", [
          "--no-owner",
          "--exit-on-error",
          "--dbname",
          target.url ?? "",
          path.join(dir, "old.dump"),
        ]);
      // docs/backup.md's statements, with now() as the simulated restore time.
      const client = new pg.Client({ connectionString: quiet.url });
      await client.connect();
      await client.query(CANCEL_DUE_SQL.replaceAll("now()", "$1::timestamptz"), [restoredAt]);
      await client.query(LAST_TICK_SQL.replaceAll("now()", "$1::timestamptz"), [restoredAt]);
      await client.end();

      const afterRestore = async (target: TestDatabase, name: string) => {
        const restored = await startApp(target, path.join(dir, name), () => now);
        const sent: string[] = [];
        try {
          await step(
            createReminderRuntime(restored.app, recorder(sent), () => now),
            restoredAt,
            sent,
          );
        } finally {
          await restored.app.close();
        }
        return sent;
      };
      const repeated = await afterRestore(repeat, "repeat");
      // What the team already got since the backup comes again, folded into one catch-up message.
      expect(repeated.some((key) => key.startsWith("rattrapage:agen:"))).toBe(true);
      const quietly = await afterRestore(quiet, "quiet");
      expect(quietly.filter((key) => sentLive.includes(key) || key.startsWith("rattrapage:"))).toEqual([]);
      // Only the catch-up is gone: what falls due from the restore on still goes out.
      expect(quietly).toEqual(repeated.filter((key) => !key.startsWith("rattrapage:")));
    } finally {
      await Promise.all([original.drop(), repeat.drop(), quiet.drop()]);
    }
  });
});

/** docs/backup.md, "Restoring an older backup": due reminders count as done… */
const CANCEL_DUE_SQL = `UPDATE outbox_item SET status = 'cancelled', claimed_by = NULL, claimed_until = NULL
  WHERE status IN ('pending', 'sending') AND due_at < now()`;
/** …and the planner starts from now, as if it had never stopped. */
const LAST_TICK_SQL = `UPDATE scheduler_state SET value = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  WHERE key LIKE 'last-tick:%'`;
