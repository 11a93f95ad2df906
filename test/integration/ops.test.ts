import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { type ChatRuntime, startChatRuntime } from "../../src/cli/serve.ts";
import { loadConfig } from "../../src/config/config.ts";
import { createLogger } from "../../src/ops/logger.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";
import { type FakeHomeserver, startFakeHomeserver } from "../helpers/fake-matrix/index.ts";
import { freePort } from "../helpers/ports.ts";

const ASKER = "@referente:fake.test";

describe("operations endpoints of a running bot (Matrix, embedded database)", () => {
  let db: TestDatabase;
  let dir: string;
  let hs: FakeHomeserver;
  let app: App;
  let runtime: ChatRuntime;
  let base: string;
  const logged: string[] = [];

  beforeAll(async () => {
    db = await createPgliteDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-ops-"));
    hs = await startFakeHomeserver();
    const port = await freePort();
    const config = loadConfig({
      DATA_DIR: db.dataDir,
      WORKSPACE_DIR: path.join(dir, "espace"),
      MATRIX_HOMESERVER_URL: hs.url,
      MATRIX_ACCESS_TOKEN: hs.botToken,
      OPS_PORT: String(port),
    });
    const clock = () => new Date();
    app = await createApp(config, { clock });
    runtime = await startChatRuntime(config, app, {
      clock,
      log: createLogger({ level: "info", destination: { write: (line) => void logged.push(line) } }),
    });
    base = `http://127.0.0.1:${runtime.ops?.port}`;
  });

  afterAll(async () => {
    await runtime?.stop();
    await hs?.close();
    await app?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("/healthz answers; /readyz checks the database, the workspace and Matrix", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: { database: "ok", workspace: "ok", matrix: "ok" },
    });

    hs.failNext({ pathPattern: /\/account\/whoami$/, status: 500, errcode: "M_UNKNOWN", error: "boom" });
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    const body = (await notReady.json()) as { ready: boolean; checks: Record<string, string> };
    expect(body.ready).toBe(false);
    expect(body.checks.database).toBe("ok");
    expect(body.checks.matrix).not.toBe("ok");
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });

  it("/metrics counts and times the answers, and reads the outbox and the filing from the database", async () => {
    const room = hs.createRoom({ creator: ASKER, members: [ASKER, hs.botUserId] });
    await app.repo.bindChannel("matrix", room, "agen");
    await hs.heldSync();
    const answered = hs.nextSent({ roomId: room });
    hs.sendAs(ASKER, room, { msgtype: "m.text", body: "!ctg sigle LAEP" });
    await answered;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('ctg_commands_total{command="sigle",outcome="ok"} 1');
    expect(metrics).toContain('ctg_answer_duration_seconds_count{kind="command"} 1');
    expect(metrics).toMatch(/^ctg_outbox_oldest_pending_age_seconds \d/m);
    expect(metrics).toContain("# TYPE ctg_outbox_items gauge");
    expect(metrics).toContain("# TYPE ctg_filed_documents gauge");
    expect(metrics).toContain("# TYPE ctg_chat_api_errors_total counter");
  });
});
