import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseProblem, runChecks } from "../../src/cli/doctor-command.ts";
import { openDatabase } from "../../src/store/database.ts";
import {
  createPgliteDatabase,
  createPostgresDatabase,
  POSTGRES_ADMIN_URL,
  type TestDatabase,
} from "../helpers/databases.ts";
import { freePort } from "../helpers/ports.ts";

/** An error shaped like openDatabase's: its message, and pg's error (with its SQLSTATE) as the cause. */
function refused(code: string, message: string): Error {
  return new Error(`Impossible de se connecter à PostgreSQL : ${message}.`, {
    cause: Object.assign(new Error(message), { code }),
  });
}

describe("ctg-bot doctor: database diagnoses", () => {
  let pglite: TestDatabase;
  beforeAll(async () => {
    pglite = await createPgliteDatabase();
  });
  afterAll(async () => {
    await pglite?.drop();
  });

  const databaseCheck = async (env: Record<string, string>) =>
    (
      await runChecks({ DATA_DIR: pglite.dataDir, WORKSPACE_DIR: `${pglite.dataDir}/espace`, ...env }, fetch)
    ).find((c) => c.name === "base de données");

  it("says which database to create when DATABASE_URL names one that does not exist (3D000)", async () => {
    const url = new URL(POSTGRES_ADMIN_URL);
    const name = `ctg_absente_${randomBytes(3).toString("hex")}`;
    url.pathname = `/${name}`;
    const check = await databaseCheck({ DATABASE_URL: url.toString() });
    expect(check?.status).toBe("error");
    expect(check?.detail).toBe(
      `La base « ${name} » n'existe pas sur ${url.hostname}:${url.port || "5432"} (3D000) : créez-la (createdb -O ${decodeURIComponent(url.username)} ${name}) ou corrigez le nom de la base à la fin de DATABASE_URL.`,
    );
  });

  it("says nothing listens when DATABASE_URL points at a closed port", async () => {
    const port = await freePort();
    const check = await databaseCheck({ DATABASE_URL: `postgresql://root@127.0.0.1:${port}/ctg` });
    expect(check?.status).toBe("error");
    expect(check?.detail).toContain(
      `Aucun PostgreSQL n'écoute sur 127.0.0.1:${port} (connexion refusée) : démarrez le serveur`,
    );
  });

  it("explains a refused password (28P01) and an unknown role (28000) from PostgreSQL's error codes", () => {
    const url = "postgresql://ctg:secret@db.agglo-agen.fr:5432/ctg";
    const password = databaseProblem(refused("28P01", 'password authentication failed for user "ctg"'), url);
    expect(password).toContain(
      "PostgreSQL refuse le mot de passe de l'utilisateur « ctg » (28P01) : corrigez-le dans DATABASE_URL",
    );
    expect(password).toContain("@ en %40");
    expect(password).not.toContain("secret");
    const role = databaseProblem(refused("28000", 'role "ctg" does not exist'), url);
    expect(role).toContain("PostgreSQL n'accepte pas l'utilisateur « ctg » depuis cette machine (28000)");
    const dns = databaseProblem(refused("ENOTFOUND", "getaddrinfo ENOTFOUND db.agglo-agen.fr"), url);
    expect(dns).toBe(
      "L'hôte « db.agglo-agen.fr » de DATABASE_URL est inconnu (DNS) : vérifiez son orthographe.",
    );
    const other = refused("XX000", "internal error");
    expect(databaseProblem(other, url)).toBe(other.message);
  });

  it("explains a role that may not create the tables (PostgreSQL 15's public schema, 42501)", async () => {
    const target = await createPostgresDatabase();
    const role = `ctg_lecteur_${randomBytes(3).toString("hex")}`;
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      const url = new URL(target.url ?? "");
      url.username = role;
      const check = await databaseCheck({ DATABASE_URL: url.toString() });
      expect(check?.status).toBe("error");
      expect(check?.detail).toContain(`L'utilisateur « ${role} » n'a pas le droit de créer les tables`);
      expect(check?.detail).toContain(`ALTER DATABASE ${url.pathname.slice(1)} OWNER TO ${role}`);
    } finally {
      await target.drop();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });

  it("keeps checking the chat platforms when the database fails, and says why the channels are not checked", async () => {
    const checks = await runChecks(
      {
        DATA_DIR: pglite.dataDir,
        WORKSPACE_DIR: `${pglite.dataDir}/espace`,
        DATABASE_URL: `postgresql://root@127.0.0.1:${await freePort()}/ctg`,
        MATRIX_HOMESERVER_URL: `http://127.0.0.1:${await freePort()}`,
        MATRIX_ACCESS_TOKEN: "syt_x",
      },
      fetch,
    );
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ["configuration", "ok"],
      ["base de données", "error"],
      ["dossier local", "ok"],
      ["Nextcloud", "skipped"],
      ["Slack", "skipped"],
      ["Matrix", "error"],
      ["Matrix : salons", "skipped"],
      ["Matrix : chiffrement", "skipped"],
      ["Modèle de langage", "skipped"],
    ]);
  });

  it("says the embedded database is held by a running bot", async () => {
    const running = await openDatabase({ url: undefined, dataDir: pglite.dataDir });
    try {
      const check = await databaseCheck({});
      expect(check?.status).toBe("error");
      expect(check?.detail).toContain(
        `La base embarquée ${pglite.dataDir} est déjà utilisée par le processus ${process.pid}`,
      );
    } finally {
      await running.close();
    }
    expect((await databaseCheck({}))?.status).toBe("ok");
  });
});
