import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { createReminderRuntime } from "../../src/app-reminders.ts";
import { type PersonnesOptions, runPersonnes } from "../../src/cli/personnes-command.ts";
import type { ReminderScheduler } from "../../src/scheduler/reminder-scheduler.ts";
import type { PersonalDataExport } from "../../src/store/personal-data-export.ts";
import { createPgliteDatabase, createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";
import { attachment, type EssaiChat, startEssaiApp } from "../helpers/essai-app.ts";
import { runCli } from "../helpers/run-cli.ts";

/** Runs `ctg-bot personnes …` on the app's database; stdout and stderr as text. */
async function personnes(app: App, options: Omit<PersonnesOptions, "yes"> & { yes?: boolean }, now: Date) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPersonnes(
    { yes: false, ...options },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    app.db.prisma,
    () => now,
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** Every row of every table, as text, that contains `needle` (case ignored). */
async function rowsMentioning(app: App, needle: string): Promise<string[]> {
  const tables = await app.db.prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = await app.db.prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT x::text AS row FROM "${name}" x WHERE x::text ILIKE $1`,
      `%${needle}%`,
    );
    found.push(...rows.map((r) => `${name}: ${r.row}`));
  }
  return found;
}

/**
 * Alice (coordinator, pilot of action 1) binds the channel, subscribes it with the pilots' direct
 * messages, files a document and moves it, marks a milestone done; the scheduler sends her one
 * direct reminder and plans another; Slack remembers one of her clicks.
 */
async function aliceActs(chat: EssaiChat, at: (iso: string) => void, deliver: (key: string) => void) {
  const { app, say } = chat;
  at("2027-02-10T12:00:00Z");
  await say("U0ALICE", "territoire essai");
  await say("U0ALICE", "rappels ici tout");
  await say("U0ALICE", "rappels pilote");
  const filed = await say("U0ALICE", "fiche action 1, quartier Montanou", [
    attachment("diagnostic.txt", "Diagnostic, version 1"),
  ]);
  expect(filed.result.status).toBe("ok");
  const doc = await app.db.prisma.filedDocument.findFirstOrThrow();
  expect((await say("U0ALICE", `deplacer ${doc.id.slice(0, 8)} 01 Diagnostic`)).text).toContain("Déplacé");
  let now = new Date();
  const { scheduler, sender } = createReminderRuntime(
    app,
    async (d) => deliver(`${d.key}`),
    () => now,
  );
  for (const [iso, send] of [
    ["2027-02-10T12:00:00Z", false],
    ["2027-02-11T08:30:00Z", true], // J-30 of 13 March: sent, to the channel and to Alice
    ["2027-02-12T12:00:00Z", false], // J-30 of 15 March: planned, not sent yet
  ] as const) {
    now = new Date(iso);
    at(iso);
    await scheduler.tick();
    if (send) while ((await sender.runOnce()).sent > 0);
  }
  await say("U0ALICE", "rappel fait 1@2027-03-13");
  await app.ledger.firstTime("slack", "action:C1:1786000000.000100:fait:U0ALICE:rappel fait 1@2027-03-13");
  await app.ledger.firstTime("slack", "event:Ev0UNRELATED");
  return { scheduler };
}

describe("personal data: export and erasure of a person (embedded database)", () => {
  let db: TestDatabase;
  let chat: EssaiChat;
  let now = new Date("2027-02-10T12:00:00Z");
  let scheduler: ReminderScheduler;
  const delivered: string[] = [];

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startEssaiApp(db, () => now);
    ({ scheduler } = await aliceActs(
      chat,
      (iso) => {
        now = new Date(iso);
      },
      (key) => delivered.push(key),
    ));
  });
  afterAll(async () => {
    await chat?.close();
    await db?.drop();
  });

  it("exporte en JSON tout ce que le bot garde sur Alice, retrouvée par son nom sans accents ni majuscules", async () => {
    expect(delivered).toContain("milestone:1@2027-03-13:J-30:slack:U0ALICE");
    const { code, stdout } = await personnes(chat.app, { action: "export", query: "ALÏCE martin" }, now);
    expect(code).toBe(0);
    const data = JSON.parse(stdout) as PersonalDataExport;
    expect(data.persons).toEqual([
      {
        territory: "essai",
        key: "alice-martin",
        name: "Alice Martin",
        organisation: "CAF",
        title: null,
        email: "alice.martin@caf.example.fr",
        roles: [
          { role: "coordinateur", commune: null, action: null, detail: null },
          { role: "pilote", commune: null, action: "1", detail: null },
        ],
        identities: [{ platform: "slack", externalId: "U0ALICE" }],
      },
    ]);
    expect(data.documents).toHaveLength(1);
    expect(data.documents[0]).toMatchObject({
      originalName: "diagnostic.txt",
      status: "filed",
      filedBy: "slack:U0ALICE",
      channel: "slack:C1",
      size: 21,
    });
    expect(data.documents[0]?.path).toMatch(/^01 Diagnostic\//);
    expect(JSON.stringify(data)).not.toContain("Diagnostic, version 1"); // metadata, never content
    expect(data.filingCorrections).toMatchObject([{ folder: "01 Diagnostic", createdBy: "slack:U0ALICE" }]);
    // The keywords kept to learn from corrections are hers too.
    expect(data.documents[0]?.clues).toContain("montanou");
    expect(data.filingCorrections[0]?.words).toContain("montanou");
    expect(data.subscriptions).toMatchObject([{ channel: "slack:C1", pilots: true, createdBy: "U0ALICE" }]);
    expect(data.outbox.map((o) => [o.key, o.status])).toEqual([
      ["milestone:1@2027-03-13:J-30:slack:U0ALICE", "sent"],
      ["milestone:1@2027-03-15:J-30:slack:U0ALICE", "pending"],
    ]);
    expect(data.audit.map((a) => a.action)).toEqual([
      "channel.bound",
      "subscription.created",
      "subscription.pilots",
      "document.filed",
      "document.moved",
      "milestone.done",
    ]);
    expect(data.chatEvents.map((e) => e.key)).toEqual([
      "action:C1:1786000000.000100:fait:U0ALICE:rappel fait 1@2027-03-13",
    ]);
    expect(data.planMentions).toEqual([
      { territory: "essai", where: "fiche action 1 (pilote)", text: "Alice Martin (CAF)" },
    ]);
    const recorded = await chat.app.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: "person.exported" },
    });
    expect([recorded.actor, recorded.target]).toEqual(["cli", "essai/alice-martin"]);
  });

  it("retrouve Alice par sa clé, son adresse, son identifiant Slack ; refuse un nom ambigu ou inconnu en français", async () => {
    for (const query of ["alice-martin", "Alice.Martin@caf.example.fr", "U0ALICE", "slack:U0ALICE"]) {
      const { code, stdout } = await personnes(chat.app, { action: "export", query }, now);
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as PersonalDataExport).persons.map((p) => p.key)).toEqual(["alice-martin"]);
    }
    const ambiguous = await personnes(chat.app, { action: "export", query: "martin" }, now);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toBe("");
    expect(ambiguous.stderr).toContain(
      "Plusieurs personnes correspondent à « martin » : Alice Martin (essai, clé alice-martin) ; Bob Martin (essai, clé bob-martin).",
    );
    const unknown = await personnes(chat.app, { action: "oublier", query: "Zoé Inconnue", yes: true }, now);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Je ne trouve personne pour « Zoé Inconnue »");
    const elsewhere = await personnes(
      chat.app,
      { action: "export", query: "alice", territory: "nulle-part" },
      now,
    );
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("Territoire inconnu : « nulle-part »");
  });

  it("« oublier » sans --oui montre ce qui serait effacé et ne change rien", async () => {
    const { code, stderr } = await personnes(chat.app, { action: "oublier", query: "alice-martin" }, now);
    expect(code).toBe(0);
    expect(stderr).toContain("rien n'a été modifié");
    expect(stderr).toContain(
      "1 fiche(s) personne seraient supprimée(s) (2 rôle(s), 1 identité(s) de messagerie)",
    );
    expect(stderr).toContain("relancez la même commande avec --oui");
    expect(await chat.app.db.prisma.person.count({ where: { key: "alice-martin" } })).toBe(1);
    expect(await rowsMentioning(chat.app, "U0ALICE")).not.toEqual([]);
  });

  it("« oublier --oui » efface Alice et la remplace partout par un pseudonyme ; les documents et le plan restent", async () => {
    now = new Date("2027-02-12T13:00:00Z");
    const { code, stderr } = await personnes(
      chat.app,
      { action: "oublier", query: "Alice Martin", yes: true },
      now,
    );
    expect(code).toBe(0);
    const pseudonym = stderr.match(/Pseudonyme dans les historiques : (oublié:[0-9a-f]{12})\./)?.[1];
    expect(pseudonym).toBeDefined();
    expect(stderr).toContain("Les documents eux-mêmes restent dans l'espace collaboratif");
    expect(stderr).toContain(
      "Alice Martin vient du plan de essai : retirez cette personne (personnes, clé « alice-martin ») du fichier de plan de essai avant le prochain « ctg-bot import »",
    );
    expect(stderr).toContain(
      "Nom mentionné dans le plan de essai, fiche action 1 (pilote) : « Alice Martin (CAF) »",
    );
    const prisma = chat.app.db.prisma;
    expect(await prisma.person.findMany({ select: { key: true } })).toEqual([{ key: "bob-martin" }]);
    expect(await prisma.chatIdentity.count({ where: { externalId: "U0ALICE" } })).toBe(0);
    expect(await prisma.filedDocument.findFirstOrThrow()).toMatchObject({ filedBy: pseudonym, clues: [] });
    expect(await prisma.filingCorrection.findFirstOrThrow()).toMatchObject({
      createdBy: pseudonym,
      words: [],
    });
    // The channel keeps its reminders; only who set them up is forgotten.
    expect(
      await prisma.subscription.findMany({ select: { channelId: true, createdBy: true, pilots: true } }),
    ).toEqual([{ channelId: "C1", createdBy: pseudonym, pilots: true }]);
    // Her pending direct reminder is gone; the sent one is a bare mark of delivery.
    const direct = await prisma.outboxItem.findMany({ where: { channelId: { not: "C1" } } });
    expect(direct.map((o) => [o.key, o.status, o.text])).toEqual([
      [`milestone:1@2027-03-13:J-30:slack:${pseudonym}`, "sent", ""],
    ]);
    expect(await prisma.chatEventSeen.findMany({ select: { key: true } })).toEqual([
      { key: "event:Ev0UNRELATED" },
    ]);
    const forgotten = await prisma.auditEntry.findFirstOrThrow({ where: { action: "person.forgotten" } });
    expect([forgotten.actor, forgotten.target]).toEqual(["cli", pseudonym]);
    expect(await prisma.auditEntry.count({ where: { actor: pseudonym } })).toBe(6);
    // Nothing left that names her, but the convention's own text: the action's pilote, which the
    // team channel's reminders quote.
    expect(await rowsMentioning(chat.app, "U0ALICE")).toEqual([]);
    expect(await rowsMentioning(chat.app, "alice.martin@")).toEqual([]);
    expect(new Set((await rowsMentioning(chat.app, "alice martin")).map((r) => r.split(":")[0]))).toEqual(
      new Set(["action", "outbox_item"]),
    );
    const quoting = await prisma.outboxItem.findMany({ where: { text: { contains: "Alice Martin" } } });
    expect(quoting.every((o) => o.channelId === "C1" && o.text.includes("Pilote : Alice Martin (CAF)"))).toBe(
      true,
    );
    // And nothing more comes for her: the next planning tick sends nothing to her account.
    await scheduler.tick();
    expect(await prisma.outboxItem.count({ where: { channelId: "U0ALICE" } })).toBe(0);
    const again = await personnes(chat.app, { action: "export", query: "slack:U0ALICE" }, now);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe("");
  });
});

const cli = runCli;

describe("personal data from the command line (PostgreSQL)", () => {
  let db: TestDatabase;
  let chat: EssaiChat;
  let now = new Date("2027-02-10T12:00:00Z");

  beforeAll(async () => {
    db = await createPostgresDatabase();
    chat = await startEssaiApp(db, () => now);
    await aliceActs(
      chat,
      (iso) => {
        now = new Date(iso);
      },
      () => {},
    );
  });
  afterAll(async () => {
    await chat?.close();
    await db?.drop();
  });

  it("ctg-bot personnes export | oublier --oui, puis ctg-bot purger --json", async () => {
    const env = { DATABASE_URL: db.url ?? "" };
    const exported = await cli(["personnes", "export", "alice.martin@caf.example.fr"], env);
    expect(exported.code).toBe(0);
    const data = JSON.parse(exported.stdout) as PersonalDataExport;
    expect(data.documents.map((d) => d.filedBy)).toEqual(["slack:U0ALICE"]);
    expect(data.audit.map((a) => a.action)).toContain("milestone.done");
    const forgot = await cli(["personnes", "oublier", "alice-martin", "--oui"], env);
    expect(forgot.code).toBe(0);
    expect(forgot.stderr).toContain("Alice Martin : données effacées.");
    expect(await chat.app.db.prisma.person.count({ where: { key: "alice-martin" } })).toBe(0);
    const purged = await cli(["purger", "--json"], env);
    expect(purged.code).toBe(0);
    // Nothing is old enough yet (the wall clock is before these 2027 reminders).
    expect(JSON.parse(purged.stdout)).toEqual({ audit: 0, outbox: 0, outboxCompacted: 0, chatEvents: 0 });
  });
});
