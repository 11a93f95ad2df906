import type { App } from "../app.ts";
import { createReminderRuntime } from "../app-reminders.ts";
import type { MatrixAdapter } from "../chat/matrix/matrix-adapter.ts";
import type { SlackAdapter } from "../chat/slack/slack-adapter.ts";
import type { Config } from "../config/config.ts";
import { type Deliver, PermanentFailure } from "../core/delivery.ts";
import { type ChatAdapter, startedBy } from "../core/inbound/chat-port.ts";
import { warmKnowledge } from "../core/knowledge-cache.ts";
import { errorFields, type Log } from "../core/log.ts";
import type { Reply } from "../core/reply.ts";
import { startFilingLoop } from "../filing/filing-loop.ts";
import { BotMetrics } from "../ops/metrics.ts";
import { type OpsServer, startOpsServer } from "../ops/ops-server.ts";
import type { ReminderLoop } from "../scheduler/reminder-loop.ts";
import { startRetentionLoop } from "../scheduler/retention-loop.ts";
import { prismaMetricsSource } from "../store/metrics-source.ts";
import { purgeExpired } from "../store/retention.ts";

export interface ChatRuntime {
  adapters: ChatAdapter[];
  metrics: BotMetrics;
  /** The /healthz, /readyz, /metrics server; null when OPS_PORT is 0. */
  ops: OpsServer | null;
  slack: SlackAdapter | null;
  matrix: MatrixAdapter | null;
  stop(): Promise<void>;
}

/**
 * Starts the configured chat platforms with the reminder loop and the filing retry loop: each
 * reminder goes to its platform's adapter; a platform not configured in this process fails it at
 * once (a reminder for Slack with no Slack token is not retried forever).
 */
export async function startChatRuntime(
  config: Config,
  app: App,
  options: { clock: () => Date; log: Log },
): Promise<ChatRuntime> {
  const { clock, log } = options;
  const report = (what: string) => (error: unknown) =>
    log.error({ component: what, ...errorFields(error) }, `${what} error`);
  const metrics = new BotMetrics(prismaMetricsSource(app.db.prisma));
  // Every message through the adapters: one pipeline, counted, timed and logged (observe.ts).
  let wasLogged: (error: unknown) => boolean = () => false;
  const built = app.pipeline({
    log,
    metrics,
    onInternalError: (error) => {
      // A command's failure is already logged, with its correlation id, by the logging step.
      if (!wasLogged(error)) report("chat")(error);
    },
  });
  wasLogged = built.wasLogged;
  const { pipeline } = built;
  const platformOptions = (platform: string) => ({
    clock,
    onInternalError: (error: unknown) => {
      metrics.countChatError(platform, "error");
      if (wasLogged(error)) return;
      report(platform)(error);
    },
    overrides: {
      pipeline,
      sdkLog: log,
      queue: { onRateLimited: () => metrics.countChatError(platform, "rate_limited") },
    },
  });
  // Each platform's SDK is loaded only when it is configured.
  const slack =
    config.SLACK_BOT_TOKEN === undefined
      ? null
      : (await import("../app-slack.ts")).createSlackAdapter(config, app, platformOptions("slack"));
  const matrix =
    config.MATRIX_HOMESERVER_URL === undefined
      ? null
      : (await import("../app-matrix.ts")).createMatrixAdapter(config, app, platformOptions("matrix"));
  const adapters: ChatAdapter[] = [slack, matrix].filter(
    (a): a is SlackAdapter | MatrixAdapter => a !== null,
  );
  const byPlatform = new Map(adapters.map((a) => [a.platform, a]));
  const deliver: Deliver = async (delivery) => {
    const adapter = byPlatform.get(delivery.platform);
    if (adapter === undefined) throw new PermanentFailure(`no ${delivery.platform} adapter in this process`);
    await startedBy(adapter, pipeline).deliver(delivery);
  };
  const post = async (platform: string, channelId: string, message: Reply) => {
    const adapter = byPlatform.get(platform);
    if (adapter !== undefined) await startedBy(adapter, pipeline).post(channelId, message);
  };
  const started: ChatAdapter[] = [];
  let reminders: ReminderLoop | null = null;
  let filing: { stop(): Promise<void> } | null = null;
  let retention: { stop(): Promise<void> } | null = null;
  let ops: OpsServer | null = null;
  let warming: { stop(): Promise<void> } | null = null;
  // Stop taking work (readiness off, no more events), let what is in progress finish — the
  // reminder round posts its current item and gives the rest back — then close.
  const stop = async () => {
    ops?.drain();
    await Promise.allSettled([
      ...started.map((a) => a.stop()),
      filing?.stop(),
      reminders?.stop(),
      retention?.stop(),
      warming?.stop(),
    ]);
    await ops?.close();
    log.info({ event: "stopped" }, "ctg-bot stopped");
  };
  try {
    for (const adapter of adapters) {
      const { port } = await adapter.start();
      started.push(adapter);
      log.info(
        { event: "platform.started", platform: adapter.platform, ...(port === null ? {} : { port }) },
        port === null
          ? `${adapter.platform} connected`
          : `${adapter.platform} listening on ${port} (/slack/events)`,
      );
    }
    reminders = await createReminderRuntime(app, deliver, clock, {
      log,
      observe: ({ event, count }) => metrics.countReminders(event, count),
    }).start(report("reminders"));
    filing = startFilingLoop({ filing: app.filing, post, onError: report("filing"), log });
    const settings = {
      auditRetentionDays: config.AUDIT_RETENTION_DAYS,
      outboxRetentionDays: config.OUTBOX_RETENTION_DAYS,
    };
    retention = startRetentionLoop({
      purge: async (now) => ({ ...(await purgeExpired(app.db.prisma, now, settings)) }),
      clock,
      timezone: config.DEFAULT_TIMEZONE,
      log,
      onError: report("retention"),
    });
    warming = warmUp(app, log);
    if (config.OPS_PORT > 0) {
      ops = await startOpsServer({
        port: config.OPS_PORT,
        metrics,
        checks: [
          { name: "database", check: () => app.db.prisma.$queryRaw`SELECT 1` },
          { name: "workspace", check: () => app.workspace.list("") },
          ...adapters.map((a) => ({ name: a.platform, check: () => a.ready() })),
        ],
      });
      log.info({ event: "ops.started", port: ops.port }, `/healthz, /readyz and /metrics on ${ops.port}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { adapters, metrics, ops, slack, matrix, stop };
}

/**
 * Indexes every territory's plan in the background after start-up, so that no user waits for it
 * on a first question (docs/questions.md); stopped at shutdown.
 */
function warmUp(app: App, log: Log): { stop(): Promise<void> } {
  const abort = new AbortController();
  const started = performance.now();
  const done = app.repo
    .listTerritories()
    .then((territories) => warmKnowledge(app.knowledge, territories, abort.signal))
    .then(
      (count) =>
        log.info(
          { event: "knowledge.warmed", territories: count, ms: Math.round(performance.now() - started) },
          `${count} territories indexed`,
        ),
      (error: unknown) =>
        log.warn({ event: "knowledge.warm_failed", ...errorFields(error) }, "warm-up failed"),
    );
  return {
    stop: async () => {
      abort.abort();
      await done;
    },
  };
}
