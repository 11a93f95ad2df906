import { pino } from "pino";
import type { Config } from "../config/config.ts";
import type { Log } from "../core/log.ts";

/** Config values that must never appear in a log line, whatever carried them there. */
export function secretsOf(config: Config): string[] {
  const secrets = [
    config.NEXTCLOUD_APP_PASSWORD,
    config.SLACK_BOT_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_APP_TOKEN,
    config.MATRIX_ACCESS_TOKEN,
  ];
  if (config.DATABASE_URL !== undefined) {
    const password = new URL(config.DATABASE_URL).password;
    if (password !== "") secrets.push(decodeURIComponent(password), password);
  }
  // Short values would blank out ordinary words; real secrets are long.
  return [...new Set(secrets.filter((s): s is string => s !== undefined && s.length >= 6))];
}

export interface LoggerOptions {
  level: Config["LOG_LEVEL"];
  /** Where the JSON lines go: a file descriptor (1 stdout, 2 stderr) or a stream (tests). */
  destination: number | { write(line: string): unknown };
  secrets?: readonly string[];
}

/**
 * The bot's logger: one JSON object per line (pino), ISO time, level as a word. Secrets are
 * removed twice: by field name (`redact`) and, for a value that slipped into a message (an
 * error quoting a URL), by value on the finished line.
 */
export function createLogger(options: LoggerOptions): Log {
  const secrets = options.secrets ?? [];
  const destination =
    typeof options.destination === "number"
      ? pino.destination({ fd: options.destination, sync: true })
      : options.destination;
  return pino(
    {
      level: options.level,
      base: { service: "ctg-bot" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // `err` is already made safe by `errorFields` (class, message, stack); pino's own error
      // serializer would rename its type to "Object".
      serializers: { err: (value: unknown) => value },
      redact: {
        paths: [
          "token",
          "*.token",
          "password",
          "*.password",
          "authorization",
          "*.authorization",
          "headers.authorization",
          "*.headers.authorization",
          "*.headers.cookie",
        ],
        censor: "[secret]",
      },
      hooks: {
        streamWrite: (line) => {
          let clean = line;
          for (const secret of secrets)
            clean = clean.replaceAll(JSON.stringify(secret).slice(1, -1), "[secret]");
          return clean;
        },
      },
    },
    destination as pino.DestinationStream,
  );
}
