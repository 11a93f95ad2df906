import { z } from "zod";
import type { Config } from "../../config/config.ts";
import { readMultistatus } from "../../workspace/nextcloud/propfind.ts";
import { type Check, check, probe, readJson, unreachable } from "./checks.ts";

const MIB = 1024 * 1024;

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

/** The root folder's props found (2xx propstats only), or null when the answer is not a multistatus. */
function rootProps(xml: string): Record<string, unknown> | null {
  try {
    return readMultistatus(xml)[0]?.props ?? null;
  } catch {
    return null;
  }
}

const PROPFIND_BODY =
  '<?xml version="1.0" encoding="UTF-8"?>\n<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">' +
  "<d:prop><d:resourcetype/><oc:permissions/><d:quota-available-bytes/><d:quota-used-bytes/></d:prop></d:propfind>";

function formatBytes(bytes: number): string {
  return bytes >= 1024 * MIB
    ? `${(bytes / (1024 * MIB)).toFixed(1).replace(".", ",")} Gio`
    : `${Math.floor(bytes / MIB)} Mio`;
}

export async function checkNextcloud(config: Config, fetchFn: typeof fetch): Promise<Check[]> {
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
