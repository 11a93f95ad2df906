import { z } from "zod";
import type { Config } from "../../config/config.ts";
import { type Check, check, innermostMessage, mapLimited, probe, readJson, unreachable } from "./checks.ts";
import type { Snapshot } from "./database.ts";

/** The bot scopes of deploy/slack/manifest.yaml (a test keeps them equal; the image has no deploy/). */
export const SLACK_BOT_SCOPES = [
  "commands",
  "chat:write",
  "app_mentions:read",
  "channels:history",
  "groups:history",
  "im:history",
  "files:read",
  "reactions:read",
  "reactions:write",
] as const;

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

export async function checkSlack(
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
