import { access, constants, mkdir } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "../config/config.ts";
import { openDatabase } from "../store/database.ts";
import type { CliIo } from "./io.ts";

export type CheckStatus = "ok" | "error" | "skipped";
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

const TIMEOUT_MS = 5_000;

async function probe(fetchFn: typeof fetch, url: string, init: RequestInit = {}): Promise<Response> {
  return fetchFn(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
}

const unreachable = (what: string, error: unknown) =>
  `${what} injoignable (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}).`;

async function checkDatabase(config: Config): Promise<Check> {
  try {
    const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
    try {
      const territories = await db.prisma.territory.count();
      const kind = db.kind === "pglite" ? `embarquée (${db.location})` : `PostgreSQL (${db.location})`;
      // The reminders' outbox is a queue: without autovacuum its dead rows pile up and claims slow down.
      const vacuum =
        db.kind === "postgres"
          ? await db.prisma.$queryRawUnsafe<{ autovacuum: string }[]>("SHOW autovacuum")
          : [{ autovacuum: "on" }];
      const warning =
        vacuum[0]?.autovacuum === "on"
          ? ""
          : " Attention : autovacuum est désactivé sur ce serveur ; la file des rappels ralentira (voir docs/reminders.md).";
      return {
        name: "base de données",
        status: "ok",
        detail: `${kind}, ${db.migrations.alreadyApplied + db.migrations.applied.length} migration(s) appliquée(s), ${territories} territoire(s).${warning}`,
      };
    } finally {
      await db.close();
    }
  } catch (error) {
    return { name: "base de données", status: "error", detail: (error as Error).message };
  }
}

async function checkWorkspace(config: Config): Promise<Check> {
  if (config.NEXTCLOUD_URL)
    return { name: "dossier local", status: "skipped", detail: "Nextcloud est configuré." };
  try {
    await mkdir(config.WORKSPACE_DIR, { recursive: true });
    await access(config.WORKSPACE_DIR, constants.W_OK);
    return { name: "dossier local", status: "ok", detail: `${config.WORKSPACE_DIR} accessible en écriture.` };
  } catch (error) {
    return {
      name: "dossier local",
      status: "error",
      detail: `${config.WORKSPACE_DIR} : ${(error as Error).message}`,
    };
  }
}

async function checkNextcloud(config: Config, fetchFn: typeof fetch): Promise<Check> {
  const name = "Nextcloud";
  if (!config.NEXTCLOUD_URL)
    return { name, status: "skipped", detail: "non configuré (NEXTCLOUD_URL vide)." };
  const base = config.NEXTCLOUD_URL.replace(/\/$/, "");
  try {
    const auth = Buffer.from(`${config.NEXTCLOUD_USER}:${config.NEXTCLOUD_APP_PASSWORD}`).toString("base64");
    const res = await probe(fetchFn, `${base}/ocs/v2.php/cloud/user?format=json`, {
      headers: { Authorization: `Basic ${auth}`, "OCS-APIRequest": "true" },
    });
    if (res.status === 401)
      return { name, status: "error", detail: "identifiant ou mot de passe d'application refusé (401)." };
    if (!res.ok) return { name, status: "error", detail: `réponse inattendue ${res.status} de ${base}.` };
    return { name, status: "ok", detail: `connecté à ${base} en tant que ${config.NEXTCLOUD_USER}.` };
  } catch (error) {
    return { name, status: "error", detail: unreachable(base, error) };
  }
}

async function checkSlack(config: Config, fetchFn: typeof fetch): Promise<Check> {
  const name = "Slack";
  if (!config.SLACK_BOT_TOKEN)
    return { name, status: "skipped", detail: "non configuré (SLACK_BOT_TOKEN vide)." };
  try {
    const res = await probe(
      fetchFn,
      new URL("auth.test", config.SLACK_API_URL.replace(/\/?$/, "/")).toString(),
      {
        method: "POST",
        headers: { Authorization: `Bearer ${config.SLACK_BOT_TOKEN}` },
      },
    );
    const body = (await res.json()) as { ok?: boolean; error?: string; team?: string };
    if (body.ok !== true)
      return { name, status: "error", detail: `jeton refusé par Slack (${body.error ?? res.status}).` };
    return {
      name,
      status: "ok",
      detail: `jeton valide (espace ${body.team ?? "?"}) ; l'adaptateur Slack n'est pas encore disponible.`,
    };
  } catch (error) {
    return { name, status: "error", detail: unreachable(config.SLACK_API_URL, error) };
  }
}

async function checkMatrix(config: Config, fetchFn: typeof fetch): Promise<Check> {
  const name = "Matrix";
  if (!config.MATRIX_HOMESERVER_URL)
    return { name, status: "skipped", detail: "non configuré (MATRIX_HOMESERVER_URL vide)." };
  const base = config.MATRIX_HOMESERVER_URL.replace(/\/$/, "");
  try {
    const res = await probe(fetchFn, `${base}/_matrix/client/v3/account/whoami`, {
      headers: { Authorization: `Bearer ${config.MATRIX_ACCESS_TOKEN}` },
    });
    if (res.status === 401)
      return { name, status: "error", detail: "jeton d'accès refusé par le serveur (401)." };
    if (!res.ok) return { name, status: "error", detail: `réponse inattendue ${res.status} de ${base}.` };
    const body = (await res.json()) as { user_id?: string };
    return {
      name,
      status: "ok",
      detail: `connecté en tant que ${body.user_id ?? "?"} ; l'adaptateur Matrix n'est pas encore disponible.`,
    };
  } catch (error) {
    return { name, status: "error", detail: unreachable(base, error) };
  }
}

export async function runChecks(env: NodeJS.ProcessEnv, fetchFn: typeof fetch): Promise<Check[]> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((p) => ({ name: "configuration", status: "error", detail: p }));
    throw error;
  }
  const checks: Check[] = [
    { name: "configuration", status: "ok", detail: "variables d'environnement valides." },
  ];
  checks.push(await checkDatabase(config), await checkWorkspace(config));
  checks.push(
    ...(await Promise.all([
      checkNextcloud(config, fetchFn),
      checkSlack(config, fetchFn),
      checkMatrix(config, fetchFn),
    ])),
  );
  return checks;
}

const SYMBOL: Record<CheckStatus, string> = { ok: "✓", error: "✗", skipped: "–" };

/** `ctg-bot doctor [--json]`: what is configured and reachable, in French. */
export async function doctorCommand(
  argv: string[],
  io: CliIo,
  fetchFn: typeof fetch = fetch,
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean", default: false } } });
  const checks = await runChecks(process.env, fetchFn);
  if (values.json) io.out(JSON.stringify(checks));
  else for (const c of checks) io.err(`${SYMBOL[c.status]} ${c.name} : ${c.detail}`);
  return checks.some((c) => c.status === "error") ? 1 : 0;
}
