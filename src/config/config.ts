import { z } from "zod";
import { isValidZone } from "../domain/time/zoned.ts";

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const optionalUrl = (protocols: RegExp, message: string) =>
  optionalText.refine((s) => s === undefined || (protocols.test(s) && URL.canParse(s)), { message });

const retentionDays = (name: string, fallback: number, minimum = 1) =>
  z.coerce
    .number({ error: `${name} est un nombre de jours` })
    .int(`${name} est un nombre entier de jours`)
    .min(minimum, `${name} vaut au moins ${minimum} jour${minimum > 1 ? "s" : ""}`)
    .default(fallback);

/**
 * The whole configuration, read once from an environment object. Each entry's description is
 * the comment written into `.env.example`; `group` orders that file.
 */
export const configFields = {
  DATABASE_URL: {
    group: "Base de données",
    description:
      "PostgreSQL connection URL (postgresql://user:password@host:5432/db). Unset: the embedded PGlite database in DATA_DIR.",
    example: "",
    schema: optionalUrl(
      /^postgres(ql)?:\/\//,
      "DATABASE_URL doit commencer par postgresql:// (ou rester vide pour la base embarquée)",
    ),
  },
  DATA_DIR: {
    group: "Base de données",
    description: "Folder of the embedded database and local state.",
    example: "./data",
    schema: z.string().trim().min(1).default("./data"),
  },
  DEFAULT_TIMEZONE: {
    group: "Général",
    description: "Timezone of territories whose plan file names none (IANA name).",
    example: "Europe/Paris",
    schema: z
      .string()
      .default("Europe/Paris")
      .refine(isValidZone, { message: "fuseau horaire inconnu (exemple : Europe/Paris)" }),
  },
  SEED_DEMO: {
    group: "Général",
    description:
      "Load the five demo territories (prisma/plans/*.yaml) when the database holds none: true or false.",
    example: "true",
    schema: z
      .enum(["true", "false", "1", "0", "oui", "non"], { error: "SEED_DEMO vaut true ou false" })
      .default("true")
      .transform((v) => v === "true" || v === "1" || v === "oui"),
  },
  OPS_PORT: {
    group: "Général",
    description:
      "Port of /healthz, /readyz and /metrics (Prometheus) when the bot runs with a chat platform; 0 to disable.",
    example: "9464",
    schema: z.coerce
      .number({ error: "OPS_PORT est un numéro de port" })
      .int("OPS_PORT est un numéro de port")
      .min(0, "OPS_PORT est un numéro de port (0 à 65535)")
      .max(65_535, "OPS_PORT est un numéro de port (0 à 65535)")
      .default(9464),
  },
  LOG_LEVEL: {
    group: "Général",
    description:
      "Level of the JSON logs (one line per command, reminder and filing): fatal, error, warn, info, debug, trace or silent.",
    example: "info",
    schema: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "LOG_LEVEL vaut fatal, error, warn, info, debug, trace ou silent",
      })
      .default("info"),
  },
  AUDIT_RETENTION_DAYS: {
    group: "Données personnelles",
    description: "Days the audit log (who filed, moved or changed what) is kept before it is deleted.",
    example: "365",
    schema: retentionDays("AUDIT_RETENTION_DAYS", 365),
  },
  OUTBOX_RETENTION_DAYS: {
    group: "Données personnelles",
    description:
      "Days a sent, failed or cancelled reminder is kept (after its due date) before it is deleted; at least 30.",
    example: "90",
    schema: retentionDays("OUTBOX_RETENTION_DAYS", 90, 30),
  },
  WORKSPACE_DIR: {
    group: "Espace documentaire",
    description: "Local folder used as the document workspace when Nextcloud is not configured.",
    example: "./data/espace-collaboratif",
    schema: z.string().trim().min(1).default("./data/espace-collaboratif"),
  },
  FILING_MAX_MB: {
    group: "Espace documentaire",
    description: "Largest file the bot files, in megabytes; bigger ones are refused with a message.",
    example: "1024",
    schema: z.coerce
      .number({ error: "FILING_MAX_MB est un nombre de mégaoctets" })
      .int("FILING_MAX_MB est un nombre entier de mégaoctets")
      .min(1, "FILING_MAX_MB vaut au moins 1")
      .max(100_000, "FILING_MAX_MB vaut au plus 100000")
      .default(1024),
  },
  NEXTCLOUD_URL: {
    group: "Espace documentaire",
    description:
      "Base URL of the Nextcloud server (https://cloud.example.fr). Unset: documents go to WORKSPACE_DIR.",
    example: "",
    schema: optionalUrl(/^https?:\/\//, "NEXTCLOUD_URL doit être une adresse http(s)://"),
  },
  NEXTCLOUD_USER: {
    group: "Espace documentaire",
    description: "Nextcloud user the bot files documents as.",
    example: "",
    schema: optionalText,
  },
  NEXTCLOUD_APP_PASSWORD: {
    group: "Espace documentaire",
    description:
      "Nextcloud app password (Settings > Security > Devices & sessions), not the account password.",
    example: "",
    schema: optionalText,
  },
  QA_LLM_URL: {
    group: "Questions",
    description:
      "Optional: base URL of an OpenAI-compatible chat-completions endpoint (Albert API, a local server) that reads questions into a structured query; it never writes the answer. Unset: retrieval only.",
    example: "",
    schema: optionalUrl(/^https?:\/\//, "QA_LLM_URL doit être une adresse http(s)://"),
  },
  QA_LLM_MODEL: {
    group: "Questions",
    description: "Model name the endpoint serves (GET {QA_LLM_URL}/models lists them).",
    example: "",
    schema: optionalText,
  },
  QA_LLM_KEY: {
    group: "Questions",
    description: "API key of the endpoint, sent as a bearer token; empty for a local server without one.",
    example: "",
    schema: optionalText,
  },
  SLACK_BOT_TOKEN: {
    group: "Slack",
    description:
      "Bot token (xoxb-…) of the Slack app; set it (with SLACK_SIGNING_SECRET) to run the bot in Slack.",
    example: "",
    schema: optionalText.refine((s) => s === undefined || s.startsWith("xoxb-"), {
      message: "SLACK_BOT_TOKEN doit commencer par xoxb-",
    }),
  },
  SLACK_SIGNING_SECRET: {
    group: "Slack",
    description: "Signing secret of the Slack app (Basic Information page).",
    example: "",
    schema: optionalText,
  },
  SLACK_API_URL: {
    group: "Slack",
    description: "Base URL of the Slack Web API; change it only to point the bot at a test server.",
    example: "https://slack.com/api/",
    schema: z
      .string()
      .default("https://slack.com/api/")
      .refine((s) => /^https?:\/\//.test(s) && URL.canParse(s), {
        message: "SLACK_API_URL doit être une adresse http(s)://",
      }),
  },
  SLACK_APP_TOKEN: {
    group: "Slack",
    description: "App-level token (xapp-…) for Socket Mode; leave empty for HTTP mode.",
    example: "",
    schema: optionalText,
  },
  SLACK_PORT: {
    group: "Slack",
    description: "HTTP mode: port of the receiver (Slack posts to https://<your host>/slack/events).",
    example: "3000",
    schema: z.coerce
      .number({ error: "SLACK_PORT est un numéro de port" })
      .int("SLACK_PORT est un numéro de port")
      .min(0, "SLACK_PORT est un numéro de port (0 à 65535)")
      .max(65_535, "SLACK_PORT est un numéro de port (0 à 65535)")
      .default(3000),
  },
  MATRIX_HOMESERVER_URL: {
    group: "Matrix",
    description:
      "Homeserver base URL (https://matrix.example.fr, or your Tchap server); set it with MATRIX_ACCESS_TOKEN to run the bot in Matrix.",
    example: "",
    schema: optionalUrl(/^https?:\/\//, "MATRIX_HOMESERVER_URL doit être une adresse http(s)://"),
  },
  MATRIX_ACCESS_TOKEN: {
    group: "Matrix",
    description: "Access token of the bot's Matrix account.",
    example: "",
    schema: optionalText,
  },
  MATRIX_ALLOWED_INVITERS: {
    group: "Matrix",
    description:
      "Who may invite the bot into a room, comma-separated: @user:server or :server for a whole homeserver. Empty: the bot's own homeserver.",
    example: "",
    schema: z
      .string()
      .default("")
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim())
          .filter((x) => x !== ""),
      )
      .refine((list) => list.every((x) => /^@[^:]+:.+$/.test(x) || /^:?[^:@\s]+(:\d+)?$/.test(x)), {
        message: "MATRIX_ALLOWED_INVITERS : des @nom:serveur ou :serveur séparés par des virgules",
      }),
  },
} as const;

type Fields = typeof configFields;
export type ConfigKey = keyof Fields;

const shape = Object.fromEntries(Object.entries(configFields).map(([k, v]) => [k, v.schema])) as {
  [K in ConfigKey]: Fields[K]["schema"];
};

export const configSchema = z.object(shape).superRefine((c, ctx) => {
  const pairs: [ConfigKey, ConfigKey[]][] = [
    ["NEXTCLOUD_URL", ["NEXTCLOUD_USER", "NEXTCLOUD_APP_PASSWORD"]],
    ["SLACK_BOT_TOKEN", ["SLACK_SIGNING_SECRET"]],
    ["MATRIX_HOMESERVER_URL", ["MATRIX_ACCESS_TOKEN"]],
    ["QA_LLM_URL", ["QA_LLM_MODEL"]],
  ];
  for (const [main, needed] of pairs) {
    if (c[main] === undefined) continue;
    for (const key of needed) {
      if (c[key] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} est requis quand ${main} est renseigné`,
        });
    }
  }
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Reads the configuration from `env` (process.env by default); every error names its variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(Object.keys(configFields).map((k) => [k, env[k]]));
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? "?")} : ${i.message}`));
  }
  return parsed.data;
}

/** The `.env.example` text, generated from the schema so the two cannot drift apart. */
export function renderEnvExample(): string {
  const lines = [
    "# ctg-bot configuration. Generated from src/config/config.ts by `npx ctg-bot env-example`; do not edit by hand.",
    "# Every variable is optional: with none set, `npm start` runs on the embedded database and the console.",
  ];
  let group = "";
  for (const [key, field] of Object.entries(configFields)) {
    if (field.group !== group) {
      group = field.group;
      lines.push("", `# --- ${group} ---`);
    }
    lines.push(`# ${field.description}`, `${key}=${field.example}`);
  }
  return `${lines.join("\n")}\n`;
}
