import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHomeserver, startFakeHomeserver } from "../helpers/fake-matrix/index.ts";
import { freePort } from "../helpers/ports.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/ctg-bot.js");

/** `ctg-bot start` with Matrix configured: a real process, ready on /readyz, stopped by SIGTERM. */
describe("ctg-bot start with a chat platform", () => {
  let hs: FakeHomeserver;
  let dir: string;

  beforeAll(async () => {
    hs = await startFakeHomeserver();
    dir = await mkdtemp(path.join(tmpdir(), "ctg-start-"));
  });

  afterAll(async () => {
    await hs?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("starts Matrix and the operations endpoints, answers a command, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, "start"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: path.join(dir, "data"),
        WORKSPACE_DIR: path.join(dir, "espace"),
        MATRIX_HOMESERVER_URL: hs.url,
        MATRIX_ACCESS_TOKEN: hs.botToken,
        OPS_PORT: String(port),
      },
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    const events = () =>
      stdout
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { event?: string; level: string });
    const exited = once(child, "exit");
    try {
      // Ready once the process logs it (its last start-up line, JSON on stdout).
      while (!events().some((e) => e.event === "started")) {
        await Promise.race([
          once(child.stdout, "data"),
          exited.then(() => Promise.reject(new Error(`${stdout}\n${stderr}`))),
        ]);
      }
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      const room = hs.createRoom({
        creator: "@referente:fake.test",
        members: ["@referente:fake.test", hs.botUserId],
      });
      const answered = hs.nextSent({ roomId: room });
      hs.sendAs("@referente:fake.test", room, { msgtype: "m.text", body: "!ctg aide" });
      expect(String((await answered).content.body)).toContain("!ctg");
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = await exited;
    expect(code).toBe(0);
    expect(events().map((e) => e.event)).toEqual(
      expect.arrayContaining([
        "platform.started",
        "ops.started",
        "started",
        "command",
        "stopping",
        "stopped",
      ]),
    );
    // Nothing but JSON on stdout, and no error on the way.
    expect(stdout.split("\n").filter((l) => l !== "" && !l.startsWith("{"))).toEqual([]);
    expect(events().filter((e) => e.level === "error" || e.level === "fatal")).toEqual([]);
    expect(stderr).not.toMatch(/internal error|erreur interne/i);
  });
});
