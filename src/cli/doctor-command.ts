import { access, constants, mkdir } from "node:fs/promises";
import { parseArgs } from "node:util";
import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { type Config, ConfigError, loadConfig } from "../config/config.ts";
import { type Database, describeUrl, openDatabase } from "../store/database.ts";
import type { CliIo } from "./io.ts";

/**
 * `ctg-bot doctor`: each configured connection checked, each usual mistake explained in French
 * with what to do. A check is `ok`, `warning` (works, but something will bite: an encrypted room,
 * a nearly full quota), `error` (exit code 1) or `skipped` (not configured, or not checkable
 * because an earlier check failed). docs/operations.md lists the checks.
 */
export type CheckStatus = "ok" | "warning" | "error" | "skipped";
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

const TIMEOUT_MS = 5_000;
/** Opening PostgreSQL has no timeout of its own: an unroutable host would hang for minutes. */
const DATABASE_TIMEOUT_MS = 15_000;
const MIB = 1024 * 1024;

/** The bot scopes of deploy/slack/manifest.yaml (a test keeps them equal; the image has no deploy/). */
export const SLACK_BOT_SCOPES = [
  "commands",
  "chat:write",
  "app_mentions:read",
  "channels:history",
  "groups:history",
  "im:history",
  "files:read",
] as const;

const check = (name: string, status: CheckStatus, detail: string): Check => ({ name, status, detail });

async function probe(fetchFn: typeof fetch, url: string, init: RequestInit = {}): Promise<Response> {
  return fetchFn(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return JSON.parse(await res.text());
  } catch {
    return null;
  }
}

/** The `code` of an error or of what caused it (undici, pg and net nest them; AggregateError lists them). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if ("code" in current && typeof current.code === "string") return current.code;
    const inner = current instanceof AggregateError ? current.errors[0] : undefined;
    current = current.cause ?? inner;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  let current: unknown = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

/** Why a request got no answer, for people: `${base} injoignable : …`, naming the variable to fix. */
function unreachable(base: string, variable: string, error: unknown): string {
  const code = errorCode(error);
  const name = error instanceof Error ? error.name : "";
  let why: string;
  if (name === "TimeoutError" || name === "AbortError") {
    why = `pas de réponse en ${TIMEOUT_MS / 1000} s ; vérifiez ${variable} et le pare-feu entre le bot et ce serveur.`;
  } else if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    why = `le nom d'hôte est inconnu (DNS) ; vérifiez l'orthographe de ${variable}.`;
  } else if (code === "ECONNREFUSED") {
    why = `connexion refusée : rien n'écoute à cette adresse et ce port ; vérifiez ${variable} (port, http ou https) et que le service est démarré.`;
  } else if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || code === "EPROTO") {
    why = `le serveur ne parle pas HTTPS sur ce port (${code}) ; essayez http:// ou le port HTTPS dans ${variable}.`;
  } else if (code !== undefined && /CERT|SELF_SIGNED|ALTNAME/.test(code)) {
    why =
      `certificat TLS refusé (${code}) ; installez un certificat valide (Let's Encrypt…) pour ce nom, ` +
      "ou, pour une autorité de certification interne, donnez son certificat au bot avec NODE_EXTRA_CA_CERTS.";
  } else {
    why = `${innermostMessage(error)}.`;
  }
  return `${base} injoignable : ${why}`;
}

/** Runs `fn` on every item, `limit` at a time, results in order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit) {
    results.push(...(await Promise.all(items.slice(start, start + limit).map(fn))));
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Database

/** A channel (Slack) or room (Matrix) the bot must be in: bound to a territory or receiving reminders. */
interface Place {
  channelId: string;
  territory: string;
}

/** What the chat checks need from the database, read once (PGlite is single-process). */
interface Snapshot {
  slack: Place[];
  matrix: Place[];
  /** Matrix ids of people in the plans → "Name (territory)". */
  matrixPeople: Map<string, string>;
}

/** The French diagnosis of a database that would not open, from the PostgreSQL or network error code. */
export function databaseProblem(error: unknown, url: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (url === undefined) return message;
  const u = new URL(url);
  const user = decodeURIComponent(u.username) || "(utilisateur du système)";
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || user;
  const where = `${u.hostname}:${u.port || "5432"}`;
  switch (errorCode(error)) {
    case "28P01":
      return (
        `PostgreSQL refuse le mot de passe de l'utilisateur « ${user} » (28P01) : corrigez-le dans DATABASE_URL ` +
        "(postgresql://utilisateur:mot-de-passe@hôte:5432/base ; dans le mot de passe, écrivez @ en %40, : en %3A, / en %2F et # en %23)."
      );
    case "28000":
      return (
        `PostgreSQL n'accepte pas l'utilisateur « ${user} » depuis cette machine (28000) : le rôle n'existe pas ` +
        "ou pg_hba.conf n'autorise pas cette connexion ; vérifiez l'utilisateur de DATABASE_URL."
      );
    case "3D000":
      return (
        `La base « ${database} » n'existe pas sur ${where} (3D000) : créez-la (createdb -O ${user} ${database}) ` +
        "ou corrigez le nom de la base à la fin de DATABASE_URL."
      );
    case "42501":
      return (
        `L'utilisateur « ${user} » n'a pas le droit de créer les tables dans « ${database} » (42501) : ` +
        `donnez-lui la base (ALTER DATABASE ${database} OWNER TO ${user}) ; depuis PostgreSQL 15, le schéma public n'est plus ouvert à tous.`
      );
    case "53300":
      return `PostgreSQL (${where}) n'accepte plus de connexions (53300, trop de connexions) : réessayez, ou augmentez max_connections.`;
    case "ECONNREFUSED":
      return (
        `Aucun PostgreSQL n'écoute sur ${where} (connexion refusée) : démarrez le serveur, ou corrigez l'hôte et le port ` +
        "de DATABASE_URL (avec Docker Compose, l'hôte est le nom du service, par exemple postgres)."
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `L'hôte « ${u.hostname} » de DATABASE_URL est inconnu (DNS) : vérifiez son orthographe.`;
    case "ETIMEDOUT":
      return `PostgreSQL (${where}) ne répond pas : vérifiez l'adresse de DATABASE_URL et le pare-feu.`;
    default:
      return message;
  }
}

async function openWithin(config: Config): Promise<Database> {
  const opening = openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  if (config.DATABASE_URL === undefined) return opening;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Opened too late: close it once it is there.
      opening.then((db) => db.close()).catch(() => {});
      reject(
        new Error(
          `PostgreSQL (${describeUrl(config.DATABASE_URL ?? "")}) ne répond pas en ${DATABASE_TIMEOUT_MS / 1000} s : vérifiez l'adresse de DATABASE_URL et le pare-feu.`,
        ),
      );
    }, DATABASE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([opening, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readSnapshot(db: Database): Promise<Snapshot> {
  const select = { platform: true, channelId: true, territory: { select: { slug: true } } } as const;
  const where = { platform: { in: ["slack", "matrix"] } };
  const [bindings, subscriptions, identities] = await Promise.all([
    db.prisma.channelBinding.findMany({ where, select, orderBy: { createdAt: "asc" } }),
    db.prisma.subscription.findMany({ where, select }),
    db.prisma.chatIdentity.findMany({
      where: { platform: "matrix" },
      select: { externalId: true, person: { select: { name: true, territory: { select: { slug: true } } } } },
    }),
  ]);
  const places = (platform: string) => {
    const seen = new Map<string, Place>();
    for (const row of [...bindings, ...subscriptions]) {
      if (row.platform === platform && !seen.has(row.channelId))
        seen.set(row.channelId, { channelId: row.channelId, territory: row.territory.slug });
    }
    return [...seen.values()];
  };
  return {
    slack: places("slack"),
    matrix: places("matrix"),
    matrixPeople: new Map(
      identities.map((i) => [i.externalId, `${i.person.name} (${i.person.territory.slug})`]),
    ),
  };
}

async function checkDatabase(config: Config): Promise<{ check: Check; snapshot: Snapshot | null }> {
  const name = "base de données";
  let db: Database;
  try {
    db = await openWithin(config);
  } catch (error) {
    return { check: check(name, "error", databaseProblem(error, config.DATABASE_URL)), snapshot: null };
  }
  try {
    const territories = await db.prisma.territory.count();
    const snapshot = await readSnapshot(db);
    const kind = db.kind === "pglite" ? `embarquée (${db.location})` : `PostgreSQL (${db.location})`;
    // The reminders' outbox is a queue: without autovacuum its dead rows pile up and claims slow down.
    const vacuum =
      db.kind === "postgres"
        ? await db.prisma.$queryRawUnsafe<{ autovacuum: string }[]>("SHOW autovacuum")
        : [{ autovacuum: "on" }];
    const summary = `${kind}, ${db.migrations.alreadyApplied + db.migrations.applied.length} migration(s) appliquée(s), ${territories} territoire(s).`;
    if (vacuum[0]?.autovacuum !== "on") {
      const warning =
        " Attention : autovacuum est désactivé sur ce serveur ; la file des rappels ralentira (voir docs/reminders.md).";
      return { check: check(name, "warning", `${summary}${warning}`), snapshot };
    }
    return { check: check(name, "ok", summary), snapshot };
  } catch (error) {
    return { check: check(name, "error", databaseProblem(error, config.DATABASE_URL)), snapshot: null };
  } finally {
    await db.close().catch(() => {});
  }
}

async function checkWorkspace(config: Config): Promise<Check> {
  const name = "dossier local";
  if (config.NEXTCLOUD_URL) return check(name, "skipped", "Nextcloud est configuré.");
  try {
    await mkdir(config.WORKSPACE_DIR, { recursive: true });
    await access(config.WORKSPACE_DIR, constants.W_OK);
    return check(name, "ok", `${config.WORKSPACE_DIR} accessible en écriture.`);
  } catch (error) {
    return check(name, "error", `${config.WORKSPACE_DIR} : ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Nextcloud

const APP_PASSWORD_HOWTO =
  "Créez-en un dans Nextcloud : Paramètres personnels › Sécurité › Appareils et sessions, puis mettez-le dans NEXTCLOUD_APP_PASSWORD.";

const bruteForce = (status: number) =>
  `Nextcloud freine les connexions du bot après trop d'essais avec un mauvais mot de passe (${status}, protection contre la force brute). ` +
  "Attendez quelques minutes sans relancer le bot ni doctor en boucle (chaque essai prolonge le blocage), corrigez NEXTCLOUD_APP_PASSWORD, " +
  "ou demandez à l'administrateur de lever le blocage (occ security:bruteforce:reset <adresse IP du bot>).";

const notNextcloud = (base: string, why: string) =>
  `NEXTCLOUD_URL ne semble pas être un serveur Nextcloud : ${base}/ocs/v2.php/cloud/user ${why}. ` +
  "Indiquez l'adresse de la page d'accueil de Nextcloud, avec son sous-dossier s'il en a un (https://exemple.fr/nextcloud).";

const ocsUserSchema = z.object({
  ocs: z.object({ data: z.object({ id: z.string() }).loose() }).loose(),
});

const davParser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === "response" || name === "propstat",
});

const propstatSchema = z.object({
  status: z.string(),
  prop: z
    .union([z.literal(""), z.record(z.string(), z.unknown())])
    .optional()
    .transform((p) => (typeof p === "object" ? p : {})),
});
const multistatusSchema = z.object({
  multistatus: z.object({
    response: z.array(z.object({ propstat: z.array(propstatSchema).default([]) }).loose()).min(1),
  }),
});

/** The root folder's props found (2xx propstats only), or null when the answer is not a multistatus. */
function rootProps(xml: string): Record<string, unknown> | null {
  let tree: unknown;
  try {
    tree = davParser.parse(xml);
  } catch {
    return null;
  }
  const parsed = multistatusSchema.safeParse(tree);
  if (!parsed.success) return null;
  const props: Record<string, unknown> = {};
  for (const propstat of parsed.data.multistatus.response[0]?.propstat ?? []) {
    if (/^HTTP\/\d(\.\d)? 2\d\d\b/.test(propstat.status)) Object.assign(props, propstat.prop);
  }
  return props;
}

const PROPFIND_BODY =
  '<?xml version="1.0" encoding="UTF-8"?>\n<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">' +
  "<d:prop><d:resourcetype/><oc:permissions/><d:quota-available-bytes/><d:quota-used-bytes/></d:prop></d:propfind>";

function formatBytes(bytes: number): string {
  return bytes >= 1024 * MIB
    ? `${(bytes / (1024 * MIB)).toFixed(1).replace(".", ",")} Gio`
    : `${Math.floor(bytes / MIB)} Mio`;
}

async function checkNextcloud(config: Config, fetchFn: typeof fetch): Promise<Check[]> {
  const name = "Nextcloud";
  const files = "Nextcloud : fichiers";
  if (!config.NEXTCLOUD_URL) return [check(name, "skipped", "non configuré (NEXTCLOUD_URL vide).")];
  const base = config.NEXTCLOUD_URL.replace(/\/+$/, "");
  const user = config.NEXTCLOUD_USER ?? "";
  const url = new URL(base);
  const pasted = /\/(index\.php|remote\.php|ocs|apps)(\/|$)/.exec(url.pathname);
  if (pasted !== null) {
    const suggested = `${url.origin}${url.pathname.slice(0, pasted.index)}`;
    return [
      check(
        name,
        "error",
        `NEXTCLOUD_URL contient « ${url.pathname.slice(pasted.index)} » : indiquez seulement l'adresse de base du serveur, ` +
          `sans /index.php ni /remote.php (ici ${suggested}).`,
      ),
      check(files, "skipped", "NEXTCLOUD_URL est à corriger d'abord."),
    ];
  }
  const authorization = `Basic ${Buffer.from(`${user}:${config.NEXTCLOUD_APP_PASSWORD ?? ""}`).toString("base64")}`;
  let id: string;
  try {
    const res = await probe(fetchFn, `${base}/ocs/v2.php/cloud/user?format=json`, {
      headers: { Authorization: authorization, "OCS-APIRequest": "true", Accept: "application/json" },
    });
    const problem = ocsProblem(res, base);
    if (problem !== null) {
      await res.body?.cancel();
      return [check(name, "error", problem), check(files, "skipped", "le compte n'a pas pu être vérifié.")];
    }
    const parsed = ocsUserSchema.safeParse(await readJson(res));
    if (!parsed.success) {
      return [
        check(name, "error", notNextcloud(base, "ne répond pas en JSON OCS (une page web ?)")),
        check(files, "skipped", "le compte n'a pas pu être vérifié."),
      ];
    }
    id = parsed.data.ocs.data.id;
  } catch (error) {
    return [
      check(name, "error", unreachable(base, "NEXTCLOUD_URL", error)),
      check(files, "skipped", "Nextcloud est injoignable."),
    ];
  }
  const account =
    id === user
      ? check(name, "ok", `connecté à ${base} en tant que ${user}.`)
      : check(
          name,
          "error",
          `Le mot de passe d'application est accepté, mais le compte s'appelle « ${id} » pour Nextcloud, pas « ${user} » ` +
            `(on peut se connecter avec son adresse e-mail, pas écrire dans les fichiers avec) : mettez NEXTCLOUD_USER=${id}.`,
        );
  return [account, await checkFiles(config, fetchFn, base, authorization, id)];
}

/** The diagnosis of a failed OCS answer, or null when it is a 2xx. */
function ocsProblem(res: Response, base: string): string | null {
  if (res.status === 429 || (!res.ok && res.headers.has("x-nextcloud-bruteforce-throttled")))
    return bruteForce(res.status);
  if (res.status === 401)
    return `Le mot de passe d'application est refusé (401) : vérifiez NEXTCLOUD_USER et NEXTCLOUD_APP_PASSWORD (le mot de passe du compte ne convient pas). ${APP_PASSWORD_HOWTO}`;
  if (res.status === 404) return notNextcloud(base, "n'existe pas (404)");
  if (res.status === 503)
    return `Nextcloud est indisponible (503), sans doute en mode maintenance (mise à jour) : réessayez quand ${base} s'affiche de nouveau.`;
  if (!res.ok)
    return `Réponse inattendue ${res.status} de ${base}/ocs/v2.php/cloud/user : voyez les journaux de Nextcloud.`;
  return null;
}

async function checkFiles(
  config: Config,
  fetchFn: typeof fetch,
  base: string,
  authorization: string,
  id: string,
): Promise<Check> {
  const name = "Nextcloud : fichiers";
  const user = config.NEXTCLOUD_USER ?? "";
  const root = `${base}/remote.php/dav/files/${encodeURIComponent(user)}/`;
  let res: Response;
  try {
    res = await probe(fetchFn, root, {
      method: "PROPFIND",
      headers: { Authorization: authorization, Depth: "0", "Content-Type": "application/xml; charset=utf-8" },
      body: PROPFIND_BODY,
    });
  } catch (error) {
    return check(name, "error", unreachable(base, "NEXTCLOUD_URL", error));
  }
  const text = await res.text();
  if (res.status === 429) return check(name, "error", bruteForce(429));
  if ([401, 403, 404].includes(res.status) && id !== user)
    return check(
      name,
      "error",
      `Le dossier /remote.php/dav/files/${user}/ est refusé (${res.status}) : les fichiers sont au nom du compte « ${id} » ; mettez NEXTCLOUD_USER=${id}.`,
    );
  if (res.status === 401)
    return check(
      name,
      "error",
      "WebDAV refuse le mot de passe d'application (401) alors qu'OCS l'accepte : le serveur web devant Nextcloud ne transmet sans doute pas l'en-tête Authorization à /remote.php (voir la documentation d'installation de Nextcloud).",
    );
  if (res.status === 403 || res.status === 404)
    return check(
      name,
      "error",
      `Le dossier de fichiers de « ${user} » est inaccessible (${res.status}) : l'application Fichiers est-elle activée pour ce compte, et /remote.php transmis à Nextcloud ?`,
    );
  if (res.status === 405 || res.status === 501)
    return check(
      name,
      "error",
      `Le serveur web refuse la méthode PROPFIND (${res.status}) : autorisez les méthodes WebDAV vers /remote.php dans le proxy devant Nextcloud.`,
    );
  if (res.status !== 207)
    return check(
      name,
      "error",
      `Réponse inattendue ${res.status} à PROPFIND ${root} : voyez les journaux de Nextcloud.`,
    );
  const props = rootProps(text);
  if (props === null)
    return check(name, "error", `PROPFIND ${root} ne répond pas en WebDAV : vérifiez NEXTCLOUD_URL.`);
  const permissions = typeof props.permissions === "string" ? props.permissions : null;
  if (permissions !== null && !(permissions.includes("C") && permissions.includes("K")))
    return check(
      name,
      "error",
      `Le compte « ${user} » ne peut pas créer de fichiers ou de dossiers dans son dossier Nextcloud (droits « ${permissions} ») : ` +
        "donnez-lui un compte ordinaire, ou partagez-lui l'espace collaboratif avec le droit de modifier.",
    );
  const available = Number(
    typeof props["quota-available-bytes"] === "string" ? props["quota-available-bytes"] : NaN,
  );
  // Negative values: unlimited (-3), unknown (-2) or not computed yet (-1).
  if (available === 0)
    return check(
      name,
      "error",
      `Le quota du compte « ${user} » est atteint (0 octet libre) : Nextcloud refusera tout dépôt ; augmentez le quota (Administration › Comptes) ou faites de la place.`,
    );
  const maxBytes = config.FILING_MAX_MB * MIB;
  if (Number.isFinite(available) && available > 0 && available < maxBytes)
    return check(
      name,
      "warning",
      `Il reste ${formatBytes(available)} dans le quota du compte « ${user} », moins que FILING_MAX_MB (${config.FILING_MAX_MB} Mo) : les gros fichiers seront refusés ; augmentez le quota.`,
    );
  const quota = Number.isFinite(available) && available > 0 ? `, ${formatBytes(available)} libres` : "";
  return check(name, "ok", `dossier de ${user} accessible en écriture${quota}.`);
}

// ---------------------------------------------------------------------------------------------
// Slack

interface SlackAnswer {
  status: number;
  /** null when the answer is not JSON (not the Slack API). */
  body: Record<string, unknown> | null;
  headers: Headers;
}

async function slackCall(
  config: Config,
  fetchFn: typeof fetch,
  method: string,
  token: string,
  args: Record<string, string> = {},
): Promise<SlackAnswer> {
  const res = await probe(fetchFn, new URL(method, config.SLACK_API_URL.replace(/\/?$/, "/")).toString(), {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
    },
    body: new URLSearchParams(args).toString(),
  });
  const body = await readJson(res);
  const parsed = z.record(z.string(), z.unknown()).safeParse(body);
  return { status: res.status, body: parsed.success ? parsed.data : null, headers: res.headers };
}

const slackError = (answer: SlackAnswer) =>
  answer.body === null
    ? `http-${answer.status}`
    : answer.body.ok === true
      ? null
      : String(answer.body.error ?? `http-${answer.status}`);

const REINSTALL =
  "réinstallez l'application (api.slack.com/apps › votre application › OAuth & Permissions › Reinstall to Workspace)";

/** The French diagnosis of an auth.test error. */
function slackTokenProblem(error: string): string {
  switch (error) {
    case "invalid_auth":
      return "Slack ne reconnaît pas SLACK_BOT_TOKEN (invalid_auth) : copiez le « Bot User OAuth Token » (xoxb-…) de la page OAuth & Permissions de l'application, installée dans le bon espace de travail.";
    case "not_authed":
      return "Slack n'a reçu aucun jeton (not_authed) : renseignez SLACK_BOT_TOKEN.";
    case "token_revoked":
      return `Le jeton du bot a été révoqué (token_revoked) : l'application a été désinstallée ou son jeton régénéré ; ${REINSTALL} et copiez le nouveau jeton xoxb- dans SLACK_BOT_TOKEN.`;
    case "account_inactive":
      return `Le compte du bot est désactivé (account_inactive) : l'application a été retirée de l'espace de travail ; ${REINSTALL}, puis mettez le nouveau jeton dans SLACK_BOT_TOKEN.`;
    case "token_expired":
      return `Le jeton a expiré (token_expired) : la rotation des jetons est activée ; désactivez-la (token_rotation_enabled: false dans deploy/slack/manifest.yaml), ${REINSTALL} et copiez le nouveau jeton.`;
    case "ratelimited":
      return "Slack limite les appels de l'application (429) : réessayez dans une minute.";
    default:
      return error.startsWith("http-")
        ? `Slack répond ${error.replace("http-", "HTTP ")} sans réponse d'API : panne de Slack (status.slack.com), ou SLACK_API_URL erronée (laissez-la vide : https://slack.com/api/).`
        : `Slack refuse le jeton du bot (${error}).`;
  }
}

async function checkSlack(
  config: Config,
  fetchFn: typeof fetch,
  snapshot: Snapshot | null,
): Promise<Check[]> {
  const name = "Slack";
  const token = config.SLACK_BOT_TOKEN;
  if (!token) return [check(name, "skipped", "non configuré (SLACK_BOT_TOKEN vide).")];
  const socketMode = checkSocketMode(config, fetchFn);
  const notChecked = (why: string) => [
    check("Slack : droits", "skipped", why),
    check("Slack : canaux", "skipped", why),
  ];
  let answer: SlackAnswer;
  try {
    answer = await slackCall(config, fetchFn, "auth.test", token);
  } catch (error) {
    const why = "Slack est injoignable.";
    return [
      check(name, "error", unreachable(config.SLACK_API_URL, "SLACK_API_URL", error)),
      ...notChecked(why),
      await socketMode,
    ];
  }
  const error = slackError(answer);
  if (error !== null)
    return [
      check(name, "error", slackTokenProblem(error)),
      ...notChecked("le jeton est refusé."),
      await socketMode,
    ];
  const botName = typeof answer.body?.user === "string" ? answer.body.user : "ctg";
  const team = typeof answer.body?.team === "string" ? answer.body.team : "?";
  return [
    check(name, "ok", `jeton valide : bot @${botName} dans l'espace ${team}.`),
    scopesCheck(answer.headers.get("x-oauth-scopes")),
    await checkSlackChannels(config, fetchFn, token, botName, snapshot),
    await socketMode,
  ];
}

function scopesCheck(header: string | null): Check {
  const name = "Slack : droits";
  if (header === null)
    return check(
      name,
      "skipped",
      "Slack n'a pas indiqué les droits du jeton (en-tête x-oauth-scopes absent).",
    );
  const granted = new Set(header.split(",").map((s) => s.trim()));
  const missing = SLACK_BOT_SCOPES.filter((scope) => !granted.has(scope));
  if (missing.length === 0)
    return check(name, "ok", `les ${SLACK_BOT_SCOPES.length} droits nécessaires sont accordés.`);
  return check(
    name,
    "error",
    `Il manque à l'application Slack ${missing.length === 1 ? "le droit" : "les droits"} ${missing.join(", ")} : ajoutez-les ` +
      "(api.slack.com/apps › votre application › OAuth & Permissions › Scopes, ou collez deploy/slack/manifest.yaml dans App Manifest), " +
      "puis réinstallez l'application dans l'espace de travail (Reinstall to Workspace).",
  );
}

type Membership = { in: true } | { in: false; label: string; why: "absent" | "introuvable" | "archivé" };

/** Whether the bot is in a channel: conversations.info, or conversations.history when channels:read is not granted. */
async function slackMembership(
  config: Config,
  fetchFn: typeof fetch,
  token: string,
  channel: string,
): Promise<Membership | { error: string }> {
  const info = await slackCall(config, fetchFn, "conversations.info", token, { channel });
  const error = slackError(info);
  const found = z
    .object({
      channel: z.object({
        name: z.string().optional(),
        is_member: z.boolean().optional(),
        is_archived: z.boolean().optional(),
      }),
    })
    .safeParse(info.body);
  if (error === null && found.success) {
    const label = found.data.channel.name === undefined ? channel : `#${found.data.channel.name}`;
    if (found.data.channel.is_archived === true) return { in: false, label, why: "archivé" };
    return found.data.channel.is_member === false ? { in: false, label, why: "absent" } : { in: true };
  }
  if (error === "channel_not_found") return { in: false, label: channel, why: "introuvable" };
  if (error !== "missing_scope") return { error: error ?? "réponse illisible" };
  // The manifest grants channels:history, not channels:read: reading one message tells as much.
  const history = await slackCall(config, fetchFn, "conversations.history", token, { channel, limit: "1" });
  const historyError = slackError(history);
  if (historyError === null) return { in: true };
  if (historyError === "not_in_channel") return { in: false, label: channel, why: "absent" };
  if (historyError === "channel_not_found") return { in: false, label: channel, why: "introuvable" };
  if (historyError === "is_archived") return { in: false, label: channel, why: "archivé" };
  return { error: historyError };
}

async function checkSlackChannels(
  config: Config,
  fetchFn: typeof fetch,
  token: string,
  botName: string,
  snapshot: Snapshot | null,
): Promise<Check> {
  const name = "Slack : canaux";
  if (snapshot === null) return check(name, "skipped", "la base de données n'a pas pu être lue.");
  // Direct messages (D…) and people (U…, W…) need no invitation.
  const places = snapshot.slack.filter((p) => /^[CG]/.test(p.channelId));
  if (places.length === 0)
    return check(
      name,
      "skipped",
      "aucun canal Slack n'est encore lié à un territoire (/ctg territoire SLUG dans le canal).",
    );
  const results = await mapLimited(places, 8, async (place) => {
    try {
      return { place, result: await slackMembership(config, fetchFn, token, place.channelId) };
    } catch (error) {
      return { place, result: { error: innermostMessage(error) } };
    }
  });
  const problems: string[] = [];
  for (const { place, result } of results) {
    const where = `territoire ${place.territory}`;
    if ("error" in result) problems.push(`${place.channelId} (${where}) non vérifié : ${result.error}`);
    else if (!result.in && result.why === "absent")
      problems.push(
        `le bot n'est pas dans ${result.label} (${where}) : invitez le bot : /invite @${botName} dans ${result.label}`,
      );
    else if (!result.in && result.why === "archivé")
      problems.push(
        `${result.label} (${where}) est archivé : désarchivez-le, ou liez le territoire à un autre canal`,
      );
    else if (!result.in)
      problems.push(
        `${result.label} (${where}) est introuvable : canal supprimé, ou privé sans le bot ; invitez le bot : /invite @${botName} dans le canal`,
      );
  }
  if (problems.length > 0) return check(name, "error", `${problems.join(" ; ")}.`);
  return check(name, "ok", `le bot est dans les ${places.length} canal(aux) lié(s) à un territoire.`);
}

async function checkSocketMode(config: Config, fetchFn: typeof fetch): Promise<Check> {
  const name = "Slack : Socket Mode";
  const appToken = config.SLACK_APP_TOKEN;
  if (!appToken)
    return check(
      name,
      "skipped",
      `mode HTTP (SLACK_APP_TOKEN vide) : Slack envoie les évènements à /slack/events, port ${config.SLACK_PORT}.`,
    );
  const howto =
    "créez un jeton d'application avec le droit connections:write (api.slack.com/apps › Basic Information › App-Level Tokens) et mettez-le dans SLACK_APP_TOKEN";
  if (!appToken.startsWith("xapp-"))
    return check(name, "error", `SLACK_APP_TOKEN n'est pas un jeton d'application (xapp-…) : ${howto}.`);
  try {
    const error = slackError(await slackCall(config, fetchFn, "apps.connections.open", appToken));
    if (error === null)
      return check(name, "ok", "jeton d'application valide : la connexion Socket Mode s'ouvre.");
    if (error === "missing_scope")
      return check(
        name,
        "error",
        `Le jeton d'application n'a pas le droit connections:write (missing_scope) : ${howto}.`,
      );
    if (error === "invalid_auth" || error === "token_revoked" || error === "not_allowed_token_type")
      return check(name, "error", `Slack refuse SLACK_APP_TOKEN (${error}) : ${howto}.`);
    return check(name, "error", `Slack refuse d'ouvrir la connexion Socket Mode (${error}).`);
  } catch (error) {
    return check(name, "error", unreachable(config.SLACK_API_URL, "SLACK_API_URL", error));
  }
}

// ---------------------------------------------------------------------------------------------
// Matrix

const matrixErrorSchema = z.object({
  errcode: z.string(),
  error: z.string().optional(),
  soft_logout: z.boolean().optional(),
});

const NEW_TOKEN =
  "Obtenez-en un nouveau (POST /_matrix/client/v3/login avec le compte du bot, voir le README, « Matrix and Tchap ») et mettez-le dans " +
  "MATRIX_ACCESS_TOKEN ; ne vous déconnectez pas de la session d'où vient le jeton (cela le révoque).";

/** Where `/.well-known/matrix/client` of the URL's host says the client API is, if it says so. */
async function wellKnownBaseUrl(fetchFn: typeof fetch, base: string): Promise<string | null> {
  try {
    const res = await probe(fetchFn, `${new URL(base).origin}/.well-known/matrix/client`);
    const parsed = z
      .object({ "m.homeserver": z.object({ base_url: z.string() }) })
      .safeParse(await readJson(res));
    return parsed.success ? parsed.data["m.homeserver"].base_url.replace(/\/+$/, "") : null;
  } catch {
    return null;
  }
}

async function checkMatrix(
  config: Config,
  fetchFn: typeof fetch,
  snapshot: Snapshot | null,
): Promise<Check[]> {
  const name = "Matrix";
  if (!config.MATRIX_HOMESERVER_URL)
    return [check(name, "skipped", "non configuré (MATRIX_HOMESERVER_URL vide).")];
  const base = config.MATRIX_HOMESERVER_URL.replace(/\/+$/, "");
  const notChecked = (why: string) => [
    check("Matrix : salons", "skipped", why),
    check("Matrix : chiffrement", "skipped", why),
  ];
  const auth = { headers: { Authorization: `Bearer ${config.MATRIX_ACCESS_TOKEN ?? ""}` } };
  let userId: string;
  try {
    const versions = await probe(fetchFn, `${base}/_matrix/client/versions`);
    const parsed = z.object({ versions: z.array(z.string()) }).safeParse(await readJson(versions));
    if (!parsed.success) {
      const advertised = await wellKnownBaseUrl(fetchFn, base);
      const detail =
        advertised !== null && advertised !== base
          ? `MATRIX_HOMESERVER_URL (${base}) est le nom du serveur, pas l'adresse de son API client : d'après ${new URL(base).origin}/.well-known/matrix/client, mettez MATRIX_HOMESERVER_URL=${advertised}.`
          : `MATRIX_HOMESERVER_URL ne semble pas être un serveur Matrix : ${base}/_matrix/client/versions répond ${versions.status} sans la liste des versions. ` +
            "Indiquez l'adresse de l'API client (celle que l'on donne à Element, souvent https://matrix.votre-domaine.fr).";
      return [check(name, "error", detail), ...notChecked("le serveur n'est pas reconnu.")];
    }
    const whoami = await probe(fetchFn, `${base}/_matrix/client/v3/account/whoami`, auth);
    const body = await readJson(whoami);
    const failure = matrixErrorSchema.safeParse(body);
    if (!whoami.ok) {
      const errcode = failure.success ? failure.data.errcode : `HTTP ${whoami.status}`;
      const detail =
        whoami.status === 401
          ? `Le jeton d'accès est refusé (${errcode}) : il a expiré ou a été révoqué${failure.success && failure.data.soft_logout ? " (session expirée)" : ""}. ${NEW_TOKEN}`
          : whoami.status === 429
            ? "Le serveur Matrix limite les requêtes du bot (429, M_LIMIT_EXCEEDED) : réessayez dans une minute."
            : `Réponse inattendue de ${base} à whoami (${errcode}).`;
      return [check(name, "error", detail), ...notChecked("le jeton n'a pas pu être vérifié.")];
    }
    const who = z.object({ user_id: z.string(), is_guest: z.boolean().optional() }).safeParse(body);
    if (!who.success)
      return [
        check(name, "error", `Réponse illisible de ${base} à whoami.`),
        ...notChecked("le jeton n'a pas pu être vérifié."),
      ];
    if (who.data.is_guest === true)
      return [
        check(
          name,
          "error",
          `Le jeton est celui d'un invité (${who.data.user_id}) : créez un vrai compte pour le bot. ${NEW_TOKEN}`,
        ),
        ...notChecked("le jeton est celui d'un invité."),
      ];
    userId = who.data.user_id;
  } catch (error) {
    return [
      check(name, "error", unreachable(base, "MATRIX_HOMESERVER_URL", error)),
      ...notChecked("le serveur est injoignable."),
    ];
  }
  const person = snapshot?.matrixPeople.get(userId);
  const account =
    person === undefined
      ? check(name, "ok", `connecté en tant que ${userId}.`)
      : check(
          name,
          "error",
          `Le jeton est celui de ${userId}, ${person} dans les plans : le bot parlerait en son nom. Créez un compte dédié au bot et prenez son jeton. ${NEW_TOKEN}`,
        );
  return [account, ...(await checkMatrixRooms(fetchFn, base, auth, userId, snapshot))];
}

async function checkMatrixRooms(
  fetchFn: typeof fetch,
  base: string,
  auth: RequestInit,
  userId: string,
  snapshot: Snapshot | null,
): Promise<Check[]> {
  const rooms = "Matrix : salons";
  const encryption = "Matrix : chiffrement";
  if (snapshot === null) {
    const why = "la base de données n'a pas pu être lue.";
    return [check(rooms, "skipped", why), check(encryption, "skipped", why)];
  }
  if (snapshot.matrix.length === 0) {
    const why = "aucun salon Matrix n'est encore lié à un territoire (!ctg territoire SLUG dans le salon).";
    return [check(rooms, "skipped", why), check(encryption, "skipped", why)];
  }
  let joined: Set<string>;
  try {
    const res = await probe(fetchFn, `${base}/_matrix/client/v3/joined_rooms`, auth);
    const parsed = z.object({ joined_rooms: z.array(z.string()) }).safeParse(await readJson(res));
    if (!parsed.success) throw new Error(`joined_rooms a répondu ${res.status}`);
    joined = new Set(parsed.data.joined_rooms);
  } catch (error) {
    const detail = `Liste des salons du bot illisible : ${innermostMessage(error)}.`;
    return [
      check(rooms, "error", detail),
      check(encryption, "skipped", "la liste des salons est illisible."),
    ];
  }
  const missing = snapshot.matrix.filter((p) => !joined.has(p.channelId));
  const present = snapshot.matrix.filter((p) => joined.has(p.channelId));
  const roomsCheck =
    missing.length === 0
      ? check(rooms, "ok", `le bot est dans les ${present.length} salon(s) lié(s) à un territoire.`)
      : check(
          rooms,
          "error",
          `${missing
            .map(
              (p) =>
                `le bot n'est pas dans le salon ${p.channelId} (territoire ${p.territory}) : invitez-le (/invite ${userId} dans le salon)`,
            )
            .join(" ; ")} ; il accepte les invitations des comptes de MATRIX_ALLOWED_INVITERS.`,
        );
  const state = (roomId: string, type: string) =>
    probe(fetchFn, `${base}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${type}/`, auth);
  const encrypted = await mapLimited(present, 8, async (place) => {
    try {
      const res = await state(place.channelId, "m.room.encryption");
      await res.body?.cancel();
      if (res.status !== 200) return null;
      const named = z
        .object({ name: z.string() })
        .safeParse(await readJson(await state(place.channelId, "m.room.name")));
      return `${named.success ? `« ${named.data.name} » (${place.channelId})` : place.channelId}, territoire ${place.territory}`;
    } catch {
      return null;
    }
  });
  const list = encrypted.filter((e): e is string => e !== null);
  const encryptionCheck =
    list.length === 0
      ? check(encryption, "ok", "aucun salon lié n'est chiffré.")
      : check(
          encryption,
          "warning",
          `Salon(s) chiffré(s) : ${list.join(" ; ")}. Le bot n'y lit ni les messages ni les fichiers (il y envoie ses rappels) : ` +
            "créez un salon non chiffré pour la CTG et invitez-y le bot (le chiffrement d'un salon ne se retire pas ; voir docs/matrix.md).",
        );
  return [roomsCheck, encryptionCheck];
}

// ---------------------------------------------------------------------------------------------

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
