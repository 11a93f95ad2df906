import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { createMatrixAdapter } from "../../src/app-matrix.ts";
import type { MatrixAdapter } from "../../src/chat/matrix/matrix-adapter.ts";
import { loadConfig } from "../../src/config/config.ts";
import { startedBy } from "../../src/core/inbound/chat-port.ts";
import { createPostgresDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeHomeserver, startFakeHomeserver } from "../helpers/fake-matrix/index.ts";

const ASKER = "@referente:fake.test";

/** Two bot processes' worth of Matrix adapters on one PostgreSQL database and one account. */
describe("Matrix with two replicas on PostgreSQL", () => {
  let db: TestDatabase;
  let dir: string;
  let hs: FakeHomeserver;
  const apps: App[] = [];
  const adapters: MatrixAdapter[] = [];

  beforeAll(async () => {
    db = await createPostgresDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-matrix-replicas-"));
    hs = await startFakeHomeserver();
  });

  afterAll(async () => {
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await hs?.close();
    await Promise.allSettled(apps.map((a) => a.close()));
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function replica(name: string): Promise<MatrixAdapter> {
    const config = loadConfig({
      DATABASE_URL: db.url ?? "",
      DATA_DIR: path.join(dir, name),
      WORKSPACE_DIR: path.join(dir, "espace"),
      MATRIX_HOMESERVER_URL: hs.url,
      MATRIX_ACCESS_TOKEN: hs.botToken,
    });
    const clock = () => new Date();
    const app = await createApp(config, { clock });
    apps.push(app);
    const adapter = createMatrixAdapter(config, app, {
      clock,
      onInternalError: () => {},
      overrides: { syncTimeoutMs: 200 },
    });
    if (adapter === null) throw new Error("Matrix not configured");
    adapters.push(adapter);
    await adapter.start();
    return adapter;
  }

  it("only the elected one syncs and answers; when it stops, the other takes over", async () => {
    const first = await replica("a");
    const second = await replica("b");
    expect([first.leading, second.leading]).toEqual([true, false]);
    const room = hs.createRoom({ creator: ASKER, members: [ASKER, hs.botUserId] });
    await apps[0]?.repo.bindChannel("matrix", room, "agen");
    await hs.heldSync();

    const answered = hs.nextSent({ roomId: room });
    hs.sendAs(ASKER, room, { msgtype: "m.text", body: "!ctg sigle CAF" });
    expect(String((await answered).content.body)).toMatch(/Caisse d.Allocations familiales/i);
    await first.idle();
    await second.idle();
    expect(hs.sentBy(hs.botUserId, room)).toHaveLength(1);

    // A question with choices, asked by the first process…
    const firstApp = apps[0];
    if (firstApp === undefined) throw new Error("no first app");
    await startedBy(first, firstApp.pipeline().pipeline).deliver({
      key: "test:choix",
      platform: "matrix",
      channelId: room,
      text: "",
      reply: {
        blocks: [
          { type: "choices", prompt: "Quel sigle ?", choices: [{ label: "RPE", command: "sigle RPE" }] },
        ],
      },
      uncertain: false,
    });
    await first.stop();
    await second.checkLead();
    expect(second.leading).toBe(true);
    await hs.heldSync();
    const again = hs.nextSent({ roomId: room });
    hs.sendAs(ASKER, room, { msgtype: "m.text", body: "!ctg sigle LAEP" });
    expect(String((await again).content.body)).toContain("LAEP");
    // …is answered by number in the second one (the choices are in the database).
    const chosen = hs.nextSent({ roomId: room });
    hs.sendAs(ASKER, room, { msgtype: "m.text", body: "1" });
    expect(String((await chosen).content.body)).toMatch(/relais petite enfance/i);
    await second.idle();
    expect(hs.sentBy(hs.botUserId, room)).toHaveLength(4);
  });
});
