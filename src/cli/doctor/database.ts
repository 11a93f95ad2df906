import type { Config } from "../../config/config.ts";
import { type Database, describeUrl, openDatabase } from "../../store/database.ts";
import { type Check, check, errorCode } from "./checks.ts";

/** Opening PostgreSQL has no timeout of its own: an unroutable host would hang for minutes. */
const DATABASE_TIMEOUT_MS = 15_000;

/** A channel (Slack) or room (Matrix) the bot must be in: bound to a territory or receiving reminders. */
interface Place {
  channelId: string;
  territory: string;
}

/** What the chat checks need from the database, read once (PGlite is single-process). */
export interface Snapshot {
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

export async function checkDatabase(config: Config): Promise<{ check: Check; snapshot: Snapshot | null }> {
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
