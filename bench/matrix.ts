/**
 * Matrix answer latency: 500 questions to the bot (mentions in 100 rooms bound to Agen, embedded
 * database, demo territories), through the real matrix-bot-sdk client and the fake homeserver
 * (in this process). Latency = the answer's arrival at the homeserver minus the question's (both
 * `origin_server_ts`, stamped by the homeserver when it receives the event; the bot's /sync is
 * held, so a question is in /sync as soon as it is received). Two runs: one question at a time,
 * then CONCURRENCY at once. `npm run bench:matrix`; QUESTIONS, CONCURRENCY to change.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../src/app.ts";
import { createMatrixAdapter } from "../src/app-matrix.ts";
import { loadConfig } from "../src/config/config.ts";
import { startFakeHomeserver } from "../test/helpers/fake-matrix/index.ts";

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

const dir = await mkdtemp(path.join(tmpdir(), "ctg-bench-matrix-"));
const hs = await startFakeHomeserver();
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
    const rooms = Array.from({ length: ROOMS }, (_, i) =>
      hs.createRoom({ creator: ASKER, name: `Salon ${i}`, members: [ASKER, hs.botUserId] }),
    );
    for (const room of rooms) await app.repo.bindChannel("matrix", room, "agen");
    await adapter.start();
    await hs.heldSync();

    const run = async (label: string, concurrency: number) => {
      const latencies: number[] = [];
      let next = 0;
      const started = performance.now();
      const worker = async () => {
        for (let i = next++; i < QUESTIONS; i = next++) {
          const room = rooms[i % ROOMS] ?? "";
          const answered = hs.nextSent({ by: hs.botUserId, roomId: room, timeoutMs: 60_000 });
          const question = hs.sendAs(ASKER, room, {
            msgtype: "m.text",
            body: `${hs.botUserId} ${ASKED[i % ASKED.length]}`,
          });
          const answer = await answered;
          latencies.push(answer.origin_server_ts - question.origin_server_ts);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const seconds = (performance.now() - started) / 1000;
      const sorted = latencies.toSorted((a, b) => a - b);
      console.log(
        `${label} : ${latencies.length} réponses en ${seconds.toFixed(1)} s — délai p50 ${percentile(sorted, 50)} ms, ` +
          `p99 ${percentile(sorted, 99)} ms, max ${percentile(sorted, 100)} ms`,
      );
    };
    console.log(`${QUESTIONS} questions dans ${ROOMS} salons (du /sync à la réponse reçue par le serveur)`);
    await run("une à la fois", 1);
    await run(`${CONCURRENCY} à la fois`, CONCURRENCY);
    if (errors.length > 0) console.log(`erreurs internes : ${errors.length} (${String(errors[0])})`);
  } finally {
    await adapter.stop();
    await app.close();
  }
} finally {
  await hs.close();
  await rm(dir, { recursive: true, force: true });
}
