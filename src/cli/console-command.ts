import { parseArgs } from "node:util";
import { createApp } from "../app.ts";
import { createReminderRuntime } from "../app-reminders.ts";
import { CONSOLE_PLATFORM, ConsoleAdapter } from "../chat/console/console-adapter.ts";
import { type Config, loadConfig } from "../config/config.ts";
import { type Deliver, PermanentFailure } from "../core/delivery.ts";
import { startedBy } from "../core/inbound/chat-port.ts";
import { actorOf } from "../domain/audit.ts";
import { isLocalDateTime, localToInstant } from "../domain/time/zoned.ts";
import { startFilingLoop } from "../filing/filing-loop.ts";
import { createLogger, secretsOf } from "../ops/logger.ts";
import type { CliIo } from "./io.ts";
import { territoryOption } from "./territory-option.ts";

export const CONSOLE_CHANNEL = "console";
const CONSOLE_USER = "operateur";

function banner(config: Config, dbKind: string, location: string, seeded: string[] | undefined): string {
  return [
    "Bot CTG — console",
    `Base : ${dbKind === "pglite" ? `embarquée (${location})` : `PostgreSQL (${location})`}${seeded ? ` ; territoires de démonstration chargés : ${seeded.join(", ")}` : ""}.`,
    config.NEXTCLOUD_URL
      ? `Espace documentaire : Nextcloud ${config.NEXTCLOUD_URL} (utilisateur ${config.NEXTCLOUD_USER}).`
      : `Espace documentaire : dossier local ${config.WORKSPACE_DIR}. Pour y ranger un fichier : /fichier "./chemin/du fichier.pdf" CR du COPIL d'hier`,
    "Tapez « /ctg aide » pour les commandes, « /ctg territoire agen » pour choisir un territoire, « quitter » pour sortir.",
    "Pour brancher Slack, Matrix (Tchap) ou Nextcloud, renseignez SLACK_*, MATRIX_* ou NEXTCLOUD_* (voir .env.example et le README) ; « npx ctg-bot doctor » vérifie la configuration.",
    "",
  ].join("\n");
}

/** A clock that starts at `--now` and then runs at normal speed, so a user can try a date. */
export function clockFrom(now: string | undefined, zone: string): () => Date {
  if (now === undefined) return () => new Date();
  if (!isLocalDateTime(now)) {
    throw new Error(
      `--now attend une date qui existe, AAAA-MM-JJ ou AAAA-MM-JJTHH:MM (heure de ${zone}), pas « ${now} ».`,
    );
  }
  const offset = localToInstant(now, zone).getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

async function runConsole(
  options: { territoire?: string; eval?: string; now?: string },
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const config = loadConfig(env);
  const clock = clockFrom(options.now, config.DEFAULT_TIMEZONE);
  const app = await createApp(config, { clock });
  try {
    if (options.territoire !== undefined) {
      const territory = await territoryOption(app, options.territoire);
      await app.repo.bindChannel(
        CONSOLE_PLATFORM,
        CONSOLE_CHANNEL,
        territory.slug,
        actorOf(CONSOLE_PLATFORM, CONSOLE_USER),
      );
    }
    const interactive = options.eval === undefined && process.stdin.isTTY === true;
    const { pipeline } = app.pipeline({
      onInternalError: (error) =>
        io.err(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      // Below 5 Mo a local copy is over before progress would help.
      progress: { minBytes: 5 * 1024 * 1024 },
    });
    const adapter = new ConsoleAdapter({
      input: process.stdin,
      output: process.stdout,
      interactive,
      channelId: CONSOLE_CHANNEL,
      userId: CONSOLE_USER,
      pipeline,
      clock,
      banner: banner(config, app.db.kind, app.db.location, app.seed?.imported),
    });
    if (options.eval !== undefined) {
      await adapter.handleLine(options.eval);
      return 0;
    }
    // Reminders due while the console runs appear in it; other platforms' adapters are not here.
    const deliver: Deliver = async (d) => {
      if (d.platform !== CONSOLE_PLATFORM)
        throw new PermanentFailure(`no ${d.platform} adapter in this process`);
      await startedBy(adapter, pipeline).deliver(d);
    };
    const loop = await createReminderRuntime(app, deliver, clock).start((error) =>
      io.err(`reminders: ${error instanceof Error ? error.message : String(error)}`),
    );
    // Documents kept while the workspace was down are filed when it is back, and announced.
    const filingLoop = startFilingLoop({
      filing: app.filing,
      post: async (platform, channelId, message) => {
        if (platform === CONSOLE_PLATFORM) await startedBy(adapter, pipeline).post(channelId, message);
      },
      onError: (error) => io.err(`filing: ${error instanceof Error ? error.message : String(error)}`),
    });
    try {
      await adapter.run();
    } finally {
      await filingLoop.stop();
      await loop.stop();
    }
    return 0;
  } finally {
    await app.close();
  }
}

const consoleOptions = {
  territoire: { type: "string" },
  eval: { type: "string", short: "e" },
  now: { type: "string" },
} as const;

export async function consoleCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: consoleOptions });
  return runConsole(values, io, process.env);
}

/** `npm start`: the chat platforms configured (Slack, Matrix), or the console when none is. */
export async function startCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: consoleOptions });
  const config = loadConfig(process.env);
  if (config.SLACK_BOT_TOKEN === undefined && config.MATRIX_HOMESERVER_URL === undefined) {
    return runConsole(values, io, process.env);
  }
  const clock = clockFrom(values.now, config.DEFAULT_TIMEZONE);
  const app = await createApp(config, { clock });
  const code = await serveUntilSignal(config, app, clock).finally(() => app.close());
  // A chat SDK may still hold a long-poll open (Matrix /sync, up to 30 s): everything is closed, end now.
  process.exit(code);
}

async function serveUntilSignal(
  config: Config,
  app: Awaited<ReturnType<typeof createApp>>,
  clock: () => Date,
): Promise<number> {
  // A service's output is its log: JSON lines on stdout (English; users read French in chat).
  const log = createLogger({ level: config.LOG_LEVEL, destination: 1, secrets: secretsOf(config) });
  // Loaded only when a platform is configured: their SDKs are heavy (and matrix-bot-sdk warns).
  const { startChatRuntime } = await import("./serve.ts");
  const runtime = await startChatRuntime(config, app, { clock, log });
  log.info(
    {
      event: "started",
      platforms: runtime.adapters.map((a) => a.platform),
      database: app.db.kind,
      workspace: config.NEXTCLOUD_URL === undefined ? "local" : "nextcloud",
    },
    "ctg-bot started",
  );
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  log.info({ event: "stopping", signal }, "stopping: no new work, finishing what is in progress");
  // Work in progress gets 20 s to finish (claimed reminders not sent by then are taken over by
  // another process when their lease ends); then the process ends anyway.
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    runtime.stop().then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), 20_000);
    }),
  ]);
  clearTimeout(timer);
  if (!stopped) {
    log.error({ event: "stop.timeout" }, "forced stop after 20 s: work was still in progress");
    return 1;
  }
  return 0;
}
