import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPlan } from "../../src/store/plan-import.ts";
import { LocalWorkspace } from "../../src/workspace/local-workspace.ts";
import { WorkspaceError } from "../../src/workspace/workspace.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { attachment, type EssaiChat, essaiPlan, startEssaiApp } from "../helpers/essai-app.ts";

describe("audit log: who filed, moved or changed what (embedded database)", () => {
  let db: TestDatabase;
  let chat: EssaiChat;
  let now = new Date("2027-02-10T12:00:00Z");
  /** Each gesture a second after the previous one: the log's order is the order of the gestures. */
  const tick = () => {
    now = new Date(now.getTime() + 1000);
  };
  const entries = async () =>
    (await chat.app.db.prisma.auditEntry.findMany({ orderBy: { at: "asc" } })).map((e) => [
      e.actor,
      e.action,
      e.target,
    ]);

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startEssaiApp(db, () => now);
  });
  afterAll(async () => {
    await chat?.close();
    await db?.drop();
  });

  it("chaque geste qui change quelque chose laisse une entrée : qui, quoi, sur quoi — et rien d'autre", async () => {
    const { say } = chat;
    const steps: [string, string, ReturnType<typeof attachment>[]?][] = [
      ["U0NOBODY", "territoire essai"], // refused: not a coordinator
      ["U0ALICE", "territoire essai"],
      ["U0ALICE", "actions"], // reads only
      ["U0ALICE", "rappels ici échéances"],
      ["U0ALICE", "rappels pilote"],
      ["U0ALICE", "rappels heure 8"],
      ["U0ALICE", "ranger par-defaut fiche action 1"],
      ["U0BOB", "fiche action 1", [attachment("diagnostic.txt", "Diagnostic jeunesse, version 2")]],
      ["U0BOB", "rappel fait 1@2027-03-13"], // refused: Bob is not the pilot
      ["U0ALICE", "rappel fait 1@2027-03-13"],
      ["U0ALICE", "rappel reporter 1@2027-03-15 +7"],
    ];
    for (const [user, text, files] of steps) {
      tick();
      await say(user, text, files);
    }
    const doc = await chat.app.db.prisma.filedDocument.findFirstOrThrow();
    tick();
    const moved = await say("U0BOB", `deplacer ${doc.id.slice(0, 8)} 01 Diagnostic`);
    expect(moved.text).toContain("Déplacé : 01 Diagnostic/");
    tick();
    await say("U0ALICE", "rappels stop");

    const after = await chat.app.db.prisma.filedDocument.findFirstOrThrow();
    expect(await entries()).toEqual([
      ["cli", "plan.imported", "essai"],
      ["slack:U0ALICE", "channel.bound", "slack:C1"],
      ["slack:U0ALICE", "subscription.created", "slack:C1"],
      ["slack:U0ALICE", "subscription.pilots", "slack:C1"],
      ["slack:U0ALICE", "reminders.policy", "essai"],
      ["slack:U0ALICE", "filing.defaults", "slack:C1"],
      ["slack:U0BOB", "document.filed", doc.path],
      ["slack:U0ALICE", "milestone.done", "action 1 / jalon 1@2027-03-13"],
      ["slack:U0ALICE", "milestone.postponed", "action 1 / jalon 1@2027-03-15"],
      ["slack:U0BOB", "document.moved", after.path],
      ["slack:U0ALICE", "subscription.removed", "slack:C1"],
    ]);
    const essai = await chat.app.db.prisma.territory.findUniqueOrThrow({ where: { slug: "essai" } });
    const all = await chat.app.db.prisma.auditEntry.findMany({ orderBy: { at: "asc" } });
    expect(all.every((e) => e.territoryId === essai.id)).toBe(true);
    expect(all.find((e) => e.action === "milestone.postponed")?.details).toMatchObject({
      label: "Restitution",
      to: "2027-02-17",
      previous: "2027-03-15",
    });
    expect(all.find((e) => e.action === "document.moved")?.details).toMatchObject({
      document: doc.id,
      from: doc.path,
    });
    // Metadata only: never the document's content.
    expect(JSON.stringify(all)).not.toContain("Diagnostic jeunesse, version 2");
  });

  it("un import du plan est noté quand il change quelque chose, pas quand le fichier est identique", async () => {
    const count = () => chat.app.db.prisma.auditEntry.count({ where: { action: "plan.imported" } });
    tick();
    await importPlan(chat.app.db.prisma, essaiPlan(), "2027-01-01", { actor: "cli", at: now });
    const before = await count();
    tick();
    await importPlan(chat.app.db.prisma, essaiPlan(), "2027-01-01", { actor: "cli", at: now });
    expect(await count()).toBe(before);
    const changed = essaiPlan();
    changed.territoire.nom = "Territoire d'essai (avenant)";
    tick();
    await importPlan(chat.app.db.prisma, changed, "2027-01-01", { actor: "cli", at: now });
    expect(await count()).toBe(before + 1);
    const last = await chat.app.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: "plan.imported" },
      orderBy: { at: "desc" },
    });
    expect(last.details).toEqual({ created: false, changes: 1 });
  });

  it("l'entrée d'audit survit à la suppression du territoire (son lien est effacé)", async () => {
    const n = await chat.app.db.prisma.auditEntry.count();
    await chat.app.db.prisma.territory.delete({ where: { slug: "essai" } });
    const left = await chat.app.db.prisma.auditEntry.findMany();
    expect(left).toHaveLength(n);
    expect(left.every((e) => e.territoryId === null)).toBe(true);
  });
});

/** A local folder that can be switched off: every call fails as a Nextcloud that is down would. */
class SwitchableWorkspace extends LocalWorkspace {
  down = true;
  override async ensureFolder(folder: string): Promise<void> {
    if (this.down) throw new WorkspaceError("unavailable", "espace indisponible (test)");
    return super.ensureFolder(folder);
  }
  override async list(folder: string) {
    if (this.down) throw new WorkspaceError("unavailable", "espace indisponible (test)");
    return super.list(folder);
  }
}

describe("audit log of a document the workspace could not take at once", () => {
  let db: TestDatabase;
  let chat: EssaiChat;
  let dir: string;
  let now = new Date("2027-02-10T12:00:00Z");
  const workspace = () => new SwitchableWorkspace({ root: path.join(dir, "espace") });
  let ws: SwitchableWorkspace;

  beforeAll(async () => {
    db = await createPgliteDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-audit-ws-"));
    ws = workspace();
    chat = await startEssaiApp(db, () => now, { workspace: ws });
  });
  afterAll(async () => {
    await chat?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("le dépôt est noté au nom de la personne, le rangement plus tard au nom du bot", async () => {
    await chat.say("U0ALICE", "territoire essai");
    now = new Date(now.getTime() + 1000);
    const posted = await chat.say("U0BOB", "fiche action 1", [attachment("diagnostic.txt", "v1")]);
    expect(posted.text).toContain("est gardé en lieu sûr");
    ws.down = false;
    now = new Date(now.getTime() + 3_600_000);
    const { placed } = await chat.app.filing.retrySpooled();
    expect(placed).toHaveLength(1);
    const log = await chat.app.db.prisma.auditEntry.findMany({
      where: { action: { startsWith: "document." } },
      orderBy: { at: "asc" },
    });
    expect(log.map((e) => [e.actor, e.action, (e.details as { status?: string }).status])).toEqual([
      ["slack:U0BOB", "document.spooled", "spooled"],
      ["bot", "document.placed", "filed"],
    ]);
    expect(log[1]?.target).toBe(placed[0]?.path);
  });
});
