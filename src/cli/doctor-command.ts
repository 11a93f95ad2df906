import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "../config/config.ts";
import { type Check, type CheckStatus, check, innermostMessage } from "./doctor/checks.ts";
import { checkDatabase } from "./doctor/database.ts";
import { checkLlm } from "./doctor/llm.ts";
import { checkWorkspace } from "./doctor/local-folder.ts";
import { checkMatrix } from "./doctor/matrix.ts";
import { checkNextcloud } from "./doctor/nextcloud.ts";
import { checkSlack } from "./doctor/slack.ts";
import type { CliIo } from "./io.ts";

export type { Check, CheckStatus } from "./doctor/checks.ts";
export { databaseProblem } from "./doctor/database.ts";
export { SLACK_BOT_SCOPES } from "./doctor/slack.ts";

/** A config problem, with what to do for the usual confusions between Slack tokens. */
function configProblem(problem: string, env: NodeJS.ProcessEnv): string {
  const token = env.SLACK_BOT_TOKEN?.trim() ?? "";
  if (problem.startsWith("SLACK_BOT_TOKEN") && token.startsWith("xoxp-"))
    return `${problem} : « xoxp-… » est un jeton d'utilisateur (le bot parlerait en votre nom) ; prenez le « Bot User OAuth Token » (xoxb-…) de la page OAuth & Permissions.`;
  if (problem.startsWith("SLACK_BOT_TOKEN") && token.startsWith("xapp-"))
    return `${problem} : « xapp-… » est le jeton d'application, à mettre dans SLACK_APP_TOKEN ; SLACK_BOT_TOKEN est le « Bot User OAuth Token » (xoxb-…).`;
  return problem;
}

export async function runChecks(env: NodeJS.ProcessEnv, fetchFn: typeof fetch): Promise<Check[]> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((p) => check("configuration", "error", configProblem(p, env)));
    throw error;
  }
  const checks: Check[] = [check("configuration", "ok", "variables d'environnement valides.")];
  // The database is read (and closed) before anything else: PGlite allows one opener at a time.
  const { check: database, snapshot } = await checkDatabase(config);
  checks.push(database, await checkWorkspace(config));
  // One check failing in an unexpected way must not hide the others.
  const guard = (name: string, checking: Promise<Check[]>) =>
    checking.catch((error: unknown) => [
      check(name, "error", `vérification interrompue : ${innermostMessage(error)}`),
    ]);
  const connections = await Promise.all([
    guard("Nextcloud", checkNextcloud(config, fetchFn)),
    guard("Slack", checkSlack(config, fetchFn, snapshot)),
    guard("Matrix", checkMatrix(config, fetchFn, snapshot)),
    guard("Modèle de langage", checkLlm(config, fetchFn)),
  ]);
  return [...checks, ...connections.flat()];
}

const SYMBOL: Record<CheckStatus, string> = { ok: "✓", warning: "!", error: "✗", skipped: "–" };

/** `ctg-bot doctor [--json]`: what is configured and reachable, in French; exit code 1 only on an error. */
export async function doctorCommand(
  argv: string[],
  io: CliIo,
  fetchFn: typeof fetch = fetch,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean", default: false } } });
  const checks = await runChecks(env, fetchFn);
  if (values.json) io.out(JSON.stringify(checks));
  else for (const c of checks) io.err(`${SYMBOL[c.status]} ${c.name} : ${c.detail}`);
  return checks.some((c) => c.status === "error") ? 1 : 0;
}
