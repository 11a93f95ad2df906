import { z } from "zod";
import { WorkspaceError, type WorkspaceErrorCode } from "../workspace.ts";
import type { DavHttp } from "./http.ts";
import type { DavUrls } from "./urls.ts";

/** The start-up check of the credentials: the user id Nextcloud knows, or why it failed (French). */
export type ConnectionCheck =
  | { ok: true; user: string }
  | { ok: false; code: WorkspaceErrorCode; message: string };

/** The OCS envelope of `GET /ocs/v2.php/cloud/user?format=json`. */
const ocsUserSchema = z.object({
  ocs: z.object({
    meta: z.object({ status: z.string(), statuscode: z.number(), message: z.string().nullish() }),
    data: z.object({ id: z.string() }).loose(),
  }),
});

/**
 * `GET /ocs/v2.php/{path}` (with the `OCS-APIRequest: true` header OCS requires): the JSON of the
 * answer, or null when it is not JSON. A failed request throws its WorkspaceError.
 */
export async function getOcsJson(http: DavHttp, urls: DavUrls, path: string, what: string): Promise<unknown> {
  const response = await http.send({
    method: "GET",
    url: urls.ocs(path),
    headers: { "ocs-apirequest": "true", accept: "application/json" },
    what,
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Asks OCS who the app password belongs to. */
export async function checkOcsUser(http: DavHttp, urls: DavUrls, user: string): Promise<ConnectionCheck> {
  let json: unknown;
  try {
    json = await getOcsJson(http, urls, "cloud/user?format=json", "la vérification du compte");
  } catch (error) {
    if (error instanceof WorkspaceError) return connectionFailure(error, urls.baseUrl, user);
    throw error;
  }
  const parsed = ocsUserSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      code: "unavailable",
      message: `L'adresse ${urls.baseUrl} ne répond pas comme un serveur Nextcloud : vérifiez NEXTCLOUD_URL.`,
    };
  }
  const id = parsed.data.ocs.data.id;
  if (id !== user) {
    return {
      ok: false,
      code: "auth",
      message:
        `Le mot de passe d'application appartient au compte « ${id} », pas à « ${user} » : ` +
        `indiquez « ${id} » dans NEXTCLOUD_USER (c'est lui qui forme le chemin des fichiers).`,
    };
  }
  return { ok: true, user: id };
}

/** The French explanation of a failed check, with what to verify. */
export function connectionFailure(error: WorkspaceError, baseUrl: string, user: string): ConnectionCheck {
  let message = error.message;
  if (error.code === "auth" && error.status !== 429) {
    message =
      `Nextcloud refuse le mot de passe d'application du compte « ${user} » : vérifiez NEXTCLOUD_USER et ` +
      "NEXTCLOUD_APP_PASSWORD (Paramètres personnels > Sécurité > Appareils et sessions).";
  } else if (error.code === "not-found") {
    message = `Aucun Nextcloud ne répond à l'adresse ${baseUrl} (${error.status ?? 404}) : vérifiez NEXTCLOUD_URL.`;
  } else if (error.code === "unavailable") {
    message = `${error.message} Adresse utilisée : ${baseUrl} (NEXTCLOUD_URL).`;
  }
  return { ok: false, code: error.code, message };
}
