/**
 * Matrix answer latency: 500 questions to the bot (mentions in 100 rooms bound to Agen, embedded
 * database, demo territories), through the real matrix-bot-sdk client and the fake homeserver
 * (in a child process, `bench/lib/matrix-fake-child.ts`: its work does not count in the bot's). Latency = the answer's arrival at the homeserver minus the question's (both
 * `origin_server_ts`, stamped by the homeserver when it receives the event; the bot's /sync is
 * held, so a question is in /sync as soon as it is received). Two runs: one question at a time,
 * then CONCURRENCY at once; the last line is the summary `p99 <n> ms` of the concurrent run
 * (issue 19's target: < 120 ms at 20). `npm run bench:matrix`; QUESTIONS, CONCURRENCY to change.
 */

import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { createApp } from "../src/app.ts";
import { createMatrixAdapter } from "../src/app-matrix.ts";
import { loadConfig } from "../src/config/config.ts";

const QUESTIONS = Number(process.env.QUESTIONS ?? 500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const ROOMS = 100;
const ASKER = "@referente:fake.test";
const ASKED = [
  "qui pilote l'action 11 ?",
  "qu'est-ce qu'un LAEP ?",
  "quand est le prochain copil ?",
  "combien d'actions dans l'axe 2 ?",
  "où en est l'action 4 ?",
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The fake homeserver in a child process, driven over stdin/stdout (one JSON line each way). */
async function startFakeInChild() {
  const script = new URL("./lib/matrix-fake-child.ts", import.meta.url).pathname;
  const child = spawn(process.execPath, [script], { stdio: ["pipe", "pipe", "inherit"] });
  if (child.stdout === null || child.stdin === null) throw new Error("no pipes to the fake homeserver");
  const stdin = child.stdin;
  const lines = createInterface({ input: child.stdout });
  let hello: ((line: string) => void) | null = null;
  const waiting = new Map<number, (value: unknown) => void>();
  lines.on("line", (line) => {
    if (hello !== null) {
      hello(line);
      hello = null;
      return;
    }
    const { id, value } = JSON.parse(line) as { id: number; value: unknown };
    waiting.get(id)?.(value);
    waiting.delete(id);
  });
  const first = await new Promise<string>((resolve) => {
    hello = resolve;
  });
  const info = JSON.parse(first) as { url: string; botToken: string; botUserId: string };
  let ids = 0;
  const call = <T>(op: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve) => {
      ids += 1;
      waiting.set(ids, (value) => resolve(value as T));
      stdin.write(`${JSON.stringify({ id: ids, op, args })}\n`);
    });
  return {
    ...info,
    call,
    close: async () => {
      stdin.end();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

const dir = await mkdtemp(path.join(tmpdir(), "ctg-bench-matrix-"));
const hs = await startFakeInChild();
try {
  const config = loadConfig({
    DATA_DIR: path.join(dir, "data"),
    WORKSPACE_DIR: path.join(dir, "espace"),
    MATRIX_HOMESERVER_URL: hs.url,
    MATRIX_ACCESS_TOKEN: hs.botToken,
  });
  const clock = () => new Date();
  const app = await createApp(config, { clock });
  const errors: unknown[] = [];
  const adapter = createMatrixAdapter(config, app, { clock, onInternalError: (e) => errors.push(e) });
  if (adapter === null) throw new Error("Matrix not configured");
  try {
    const rooms = await hs.call<string[]>("rooms", { count: ROOMS, asker: ASKER });
    for (const room of rooms) await app.repo.bindChannel("matrix", room, "agen");
    await adapter.start();
    await hs.call("heldSync");

    const run = async (label: string, concurrency: number) => {
      const latencies: number[] = [];
      let next = 0;
      const started = performance.now();
      const fakeCpu = await hs.call<number>("cpu");
      const botCpu = process.cpuUsage();
      const worker = async () => {
        for (let i = next++; i < QUESTIONS; i = next++) {
          const room = rooms[i % ROOMS] ?? "";
          const times = await hs.call<{ question: number; answer: number } | null>("ask", {
            room,
            asker: ASKER,
            body: `${hs.botUserId} ${ASKED[i % ASKED.length]}`,
          });
          if (times !== null) latencies.push(times.answer - times.question);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const seconds = (performance.now() - started) / 1000;
      const botUsed = process.cpuUsage(botCpu);
      const cpu = `CPU : bot ${((botUsed.user + botUsed.system) / 1000 / seconds / 10).toFixed(0)} %, faux serveur ${(((await hs.call<number>("cpu")) - fakeCpu) / seconds / 10).toFixed(0)} % d'un cœur`;
      const sorted = latencies.toSorted((a, b) => a - b);
      console.log(
        `${label} : ${latencies.length} réponses en ${seconds.toFixed(1)} s — délai p50 ${percentile(sorted, 50)} ms, ` +
          `p99 ${percentile(sorted, 99)} ms, max ${percentile(sorted, 100)} ms (${cpu})`,
      );
      return percentile(sorted, 99);
    };
    console.log(`${QUESTIONS} questions dans ${ROOMS} salons (du /sync à la réponse reçue par le serveur)`);
    await run("une à la fois", 1);
    const p99 = await run(`${CONCURRENCY} à la fois`, CONCURRENCY);
    if (errors.length > 0) console.log(`erreurs internes : ${errors.length} (${String(errors[0])})`);
    console.log(`p99 ${p99} ms`);
  } finally {
    await adapter.stop();
    await app.close();
  }
} finally {
  await hs.close();
  await rm(dir, { recursive: true, force: true });
}
