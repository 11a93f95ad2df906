import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Check, doctorCommand, runChecks, SLACK_BOT_SCOPES } from "../../src/cli/doctor-command.ts";
import { openDatabase } from "../../src/store/database.ts";
import { createPgliteDatabase, createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeHomeserver, startFakeHomeserver } from "../helpers/fake-matrix/index.ts";
import { type FakeNextcloud, startFakeNextcloud } from "../helpers/fake-nextcloud/index.ts";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack/index.ts";

const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe("ctg-bot doctor against the fake Nextcloud, Slack and Matrix", () => {
  let db: TestDatabase;
  let nextcloud: FakeNextcloud;
  let slack: FakeSlack;
  let matrix: FakeHomeserver;
  let room: string;
  beforeAll(async () => {
    db = await createPgliteDatabase();
    [nextcloud, slack, matrix] = await Promise.all([
      startFakeNextcloud(),
      startFakeSlack(),
      startFakeHomeserver(),
    ]);
    slack.addChannel("C0AGEN", { name: "ctg-agen" });
    room = matrix.createRoom({ name: "CTG Agen" });
    const opened = await openDatabase({ url: undefined, dataDir: db.dataDir });
    try {
      const territory = await opened.prisma.territory.create({ data: { slug: "agen", name: "Agen" } });
      await opened.prisma.channelBinding.createMany({
        data: [
          { platform: "slack", channelId: "C0AGEN", territoryId: territory.id },
          { platform: "matrix", channelId: room, territoryId: territory.id },
          { platform: "console", channelId: "console", territoryId: territory.id },
        ],
      });
    } finally {
      await opened.close();
    }
  });
  afterAll(async () => {
    await Promise.all([nextcloud?.close(), slack?.close(), matrix?.close()]);
    await db?.drop();
  });

  const env = (overrides: Record<string, string> = {}) => ({
    DATA_DIR: db.dataDir,
    WORKSPACE_DIR: `${db.dataDir}/espace`,
    NEXTCLOUD_URL: nextcloud.baseUrl,
    NEXTCLOUD_USER: nextcloud.user,
    NEXTCLOUD_APP_PASSWORD: nextcloud.appPassword,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: "secret",
    SLACK_API_URL: slack.apiUrl,
    SLACK_APP_TOKEN: slack.appToken,
    MATRIX_HOMESERVER_URL: matrix.url,
    MATRIX_ACCESS_TOKEN: matrix.botToken,
    ...overrides,
  });

  it("reports every connection, the bound Slack channel and Matrix room as fine with good credentials", async () => {
    const checks = await runChecks(env(), fetch);
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ["configuration", "ok"],
      ["base de données", "ok"],
      ["dossier local", "skipped"],
      ["Nextcloud", "ok"],
      ["Nextcloud : fichiers", "ok"],
      ["Slack", "ok"],
      ["Slack : droits", "ok"],
      ["Slack : canaux", "ok"],
      ["Slack : Socket Mode", "ok"],
      ["Matrix", "ok"],
      ["Matrix : salons", "ok"],
      ["Matrix : chiffrement", "ok"],
      ["Modèle de langage", "skipped"],
    ]);
    const found = byName(checks);
    expect(found.Matrix?.detail).toBe(`connecté en tant que ${matrix.botUserId}.`);
    expect(found["Slack : canaux"]?.detail).toContain("les 1 canal(aux)");
    expect(found["Matrix : salons"]?.detail).toContain("les 1 salon(s)");
    expect(found["Nextcloud : fichiers"]?.detail).toBe("dossier de alice accessible en écriture.");
    expect(slack.callsTo("conversations.info").map((c) => c.args.channel)).toEqual(["C0AGEN"]);
  });

  it("says which bound Matrix room the bot is not in, and which is encrypted", async () => {
    const creator = "@coordinatrice:fake.test";
    const elsewhere = matrix.createRoom({ creator, name: "CTG Boé" });
    const encrypted = matrix.createRoom({ name: "CTG chiffré", encrypted: true });
    const opened = await openDatabase({ url: undefined, dataDir: db.dataDir });
    const territory = await opened.prisma.territory.create({ data: { slug: "boe", name: "Boé" } });
    await opened.prisma.channelBinding.create({
      data: { platform: "matrix", channelId: elsewhere, territoryId: territory.id },
    });
    await opened.prisma.subscription.create({
      data: { platform: "matrix", channelId: encrypted, territoryId: territory.id, kinds: ["milestone"] },
    });
    await opened.close();
    try {
      const found = byName(await runChecks(env(), fetch));
      expect(found["Matrix : salons"]?.status).toBe("error");
      expect(found["Matrix : salons"]?.detail).toBe(
        `le bot n'est pas dans le salon ${elsewhere} (territoire boe) : invitez-le (/invite ${matrix.botUserId} dans le salon) ; il accepte les invitations des comptes de MATRIX_ALLOWED_INVITERS.`,
      );
      expect(found["Matrix : chiffrement"]?.status).toBe("warning");
      expect(found["Matrix : chiffrement"]?.detail).toContain(
        `« CTG chiffré » (${encrypted}), territoire boe`,
      );
      expect(found["Matrix : chiffrement"]?.detail).toContain("n'y lit ni les messages ni les fichiers");
      expect(found["Matrix : chiffrement"]?.detail).not.toContain(room);
    } finally {
      const cleanup = await openDatabase({ url: undefined, dataDir: db.dataDir });
      await cleanup.prisma.territory.delete({ where: { slug: "boe" } });
      await cleanup.close();
    }
  });

  it("refuses a Matrix token that belongs to a person of the plans: the bot would speak in their name", async () => {
    const opened = await openDatabase({ url: undefined, dataDir: db.dataDir });
    const territory = await opened.prisma.territory.findUniqueOrThrow({ where: { slug: "agen" } });
    const person = await opened.prisma.person.create({
      data: { territoryId: territory.id, key: "marie", name: "Marie Curie" },
    });
    const marie = "@marie:fake.test";
    await opened.prisma.chatIdentity.create({
      data: { personId: person.id, platform: "matrix", externalId: marie },
    });
    await opened.close();
    try {
      const found = byName(await runChecks(env({ MATRIX_ACCESS_TOKEN: matrix.tokenOf(marie) }), fetch));
      expect(found.Matrix?.status).toBe("error");
      expect(found.Matrix?.detail).toContain(
        `Le jeton est celui de ${marie}, Marie Curie (agen) dans les plans`,
      );
      expect(found.Matrix?.detail).toContain("Créez un compte dédié au bot");
    } finally {
      const cleanup = await openDatabase({ url: undefined, dataDir: db.dataDir });
      await cleanup.prisma.person.delete({ where: { id: person.id } });
      await cleanup.close();
    }
  });

  it("exits 0 with warnings, 1 on an error, and prints the checks as one JSON array with --json", async () => {
    const encrypted = matrix.createRoom({ name: "CTG chiffré", encrypted: true });
    const opened = await openDatabase({ url: undefined, dataDir: db.dataDir });
    const territory = await opened.prisma.territory.findUniqueOrThrow({ where: { slug: "agen" } });
    const subscription = await opened.prisma.subscription.create({
      data: { platform: "matrix", channelId: encrypted, territoryId: territory.id, kinds: ["event"] },
    });
    await opened.close();
    try {
      const out: string[] = [];
      const io = { out: (line: string) => out.push(line), err: () => {} };
      expect(await doctorCommand(["--json"], io, fetch, env())).toBe(0);
      expect(out).toHaveLength(1);
      const checks = JSON.parse(out[0] ?? "") as Check[];
      expect(checks).toHaveLength(13);
      expect(checks.filter((c) => c.status !== "ok").map((c) => [c.name, c.status])).toEqual([
        ["dossier local", "skipped"],
        ["Matrix : chiffrement", "warning"],
        ["Modèle de langage", "skipped"],
      ]);
      const lines: string[] = [];
      const human = { out: () => {}, err: (line: string) => lines.push(line) };
      expect(await doctorCommand([], human, fetch, env({ MATRIX_ACCESS_TOKEN: "syt_perime" }))).toBe(1);
      expect(lines).toContain(`✓ Nextcloud : connecté à ${nextcloud.baseUrl} en tant que alice.`);
      expect(
        lines.some((l) => l.startsWith("✗ Matrix : Le jeton d'accès est refusé (M_UNKNOWN_TOKEN)")),
      ).toBe(true);
      expect(lines).toContain("– Matrix : chiffrement : le jeton n'a pas pu être vérifié.");
    } finally {
      const cleanup = await openDatabase({ url: undefined, dataDir: db.dataDir });
      await cleanup.prisma.subscription.delete({ where: { id: subscription.id } });
      await cleanup.close();
    }
  });
});

describe("ctg-bot doctor: configuration and database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPgliteDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  const env = (overrides: Record<string, string>) => ({
    DATA_DIR: db.dataDir,
    WORKSPACE_DIR: `${db.dataDir}/espace`,
    ...overrides,
  });

  it("warns when the PostgreSQL server runs without autovacuum (the reminders' queue would slow down)", async () => {
    const postgres = await createPostgresDatabase();
    try {
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      const { rows } = await client.query<{ autovacuum: string }>("SHOW autovacuum");
      await client.end();
      const checks = await runChecks(env({ DATABASE_URL: postgres.url ?? "" }), fetch);
      const database = checks.find((c) => c.name === "base de données");
      if (rows[0]?.autovacuum === "on") {
        expect(database?.status).toBe("ok");
        expect(database?.detail).not.toContain("autovacuum");
      } else {
        expect(database?.status).toBe("warning");
        expect(database?.detail).toContain("autovacuum est désactivé");
      }
    } finally {
      await postgres.drop();
    }
  });

  it("lists configuration problems by variable instead of checking connections", async () => {
    const checks = await runChecks(env({ NEXTCLOUD_URL: "ftp://cloud", NEXTCLOUD_USER: "ctg-bot" }), fetch);
    expect(checks).toEqual([
      {
        name: "configuration",
        status: "error",
        detail: "NEXTCLOUD_URL : NEXTCLOUD_URL doit être une adresse http(s)://",
      },
      {
        name: "configuration",
        status: "error",
        detail:
          "NEXTCLOUD_APP_PASSWORD : NEXTCLOUD_APP_PASSWORD est requis quand NEXTCLOUD_URL est renseigné",
      },
    ]);
  });

  it("explains a user token (xoxp-) or an app token (xapp-) pasted in SLACK_BOT_TOKEN", async () => {
    const user = await runChecks(env({ SLACK_BOT_TOKEN: "xoxp-123", SLACK_SIGNING_SECRET: "s" }), fetch);
    expect(user).toHaveLength(1);
    expect(user[0]?.status).toBe("error");
    expect(user[0]?.detail).toContain("« xoxp-… » est un jeton d'utilisateur");
    expect(user[0]?.detail).toContain("Bot User OAuth Token");
    const app = await runChecks(env({ SLACK_BOT_TOKEN: "xapp-1-A-1-x", SLACK_SIGNING_SECRET: "s" }), fetch);
    expect(app[0]?.detail).toContain("à mettre dans SLACK_APP_TOKEN");
  });

  it("checks the Slack scopes the bot needs, which are those of deploy/slack/manifest.yaml", async () => {
    const manifest = parse(await readFile("deploy/slack/manifest.yaml", "utf8")) as {
      oauth_config: { scopes: { bot: string[] } };
    };
    expect([...SLACK_BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });
});
