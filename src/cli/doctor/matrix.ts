import { z } from "zod";
import type { Config } from "../../config/config.ts";
import { type Check, check, innermostMessage, mapLimited, probe, readJson, unreachable } from "./checks.ts";
import type { Snapshot } from "./database.ts";

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

export async function checkMatrix(
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
