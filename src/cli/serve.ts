import type { App } from "../app.ts";
import type { ChatAdapter } from "../chat/chat-adapter.ts";
import type { MatrixAdapter } from "../chat/matrix/matrix-adapter.ts";
import type { Reply } from "../chat/reply.ts";
import type { SlackAdapter } from "../chat/slack/slack-adapter.ts";
import type { Config } from "../config/config.ts";
import type { Dispatch } from "../core/dispatch.ts";
import { startFilingLoop } from "../filing/filing-loop.ts";
import { BotMetrics } from "../ops/metrics.ts";
import { type OpsServer, startOpsServer } from "../ops/ops-server.ts";
import { type Deliver, PermanentFailure } from "../scheduler/delivery.ts";
import type { ReminderLoop } from "../scheduler/reminder-loop.ts";
import { createReminderRuntime } from "../scheduler/reminder-runtime.ts";
import type { CliIo } from "./io.ts";

/** A chat platform as the runtime drives it: messages in, messages and reminders out. */
export interface PlatformAdapter extends ChatAdapter {
  deliver: Deliver;
  start(): Promise<{ port: number | null }>;
  /** For /readyz: resolves when the platform answers with the bot's credentials. */
  ready(): Promise<void>;
}

export interface ChatRuntime {
  adapters: PlatformAdapter[];
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
  options: { clock: () => Date; io: CliIo },
): Promise<ChatRuntime> {
  const { clock, io } = options;
  const report = (what: string) => (error: unknown) =>
    io.err(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const metrics = new BotMetrics(app.db.prisma);
  // Every message through the adapters is counted and timed.
  const handle: Dispatch = async (incoming) => {
    const started = performance.now();
    const result = await app.dispatch(incoming);
    metrics.observeAnswer(incoming.kind, result, (performance.now() - started) / 1000);
    return result;
  };
  const platformOptions = (platform: string) => ({
    clock,
    onInternalError: (error: unknown) => {
      metrics.countChatError(platform, "error");
      report(platform)(error);
    },
    overrides: { handle, queue: { onRateLimited: () => metrics.countChatError(platform, "rate_limited") } },
  });
  // Each platform's SDK is loaded only when it is configured.
  const slack =
    config.SLACK_BOT_TOKEN === undefined
      ? null
      : (await import("../chat/slack/create-slack-adapter.ts")).createSlackAdapter(
          config,
          app,
          platformOptions("slack"),
        );
  const matrix =
    config.MATRIX_HOMESERVER_URL === undefined
      ? null
      : (await import("../chat/matrix/create-matrix-adapter.ts")).createMatrixAdapter(
          config,
          app,
          platformOptions("matrix"),
        );
  const adapters: PlatformAdapter[] = [slack, matrix].filter(
    (a): a is SlackAdapter | MatrixAdapter => a !== null,
  );
  const byPlatform = new Map(adapters.map((a) => [a.platform, a]));
  const deliver: Deliver = async (delivery) => {
    const adapter = byPlatform.get(delivery.platform);
    if (adapter === undefined) throw new PermanentFailure(`no ${delivery.platform} adapter in this process`);
    await adapter.deliver(delivery);
  };
  const post = async (platform: string, channelId: string, message: Reply) => {
    await byPlatform.get(platform)?.post(channelId, message);
  };
  const started: PlatformAdapter[] = [];
  let reminders: ReminderLoop | null = null;
  let filing: { stop(): Promise<void> } | null = null;
  let ops: OpsServer | null = null;
  const stop = async () => {
    await ops?.close();
    await filing?.stop();
    await reminders?.stop();
    await Promise.allSettled(started.map((a) => a.stop()));
  };
  try {
    for (const adapter of adapters) {
      const { port } = await adapter.start();
      started.push(adapter);
      io.err(
        port === null
          ? `${adapter.platform} : connecté.`
          : `${adapter.platform} : à l'écoute sur le port ${port} (/slack/events).`,
      );
    }
    reminders = await createReminderRuntime(app, deliver, clock).start(report("reminders"));
    filing = startFilingLoop({ filing: app.filing, post, onError: report("filing") });
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
      io.err(`supervision : /healthz, /readyz, /metrics sur le port ${ops.port}.`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { adapters, metrics, ops, slack, matrix, stop };
}
