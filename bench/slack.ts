/**
 * Slack acknowledgement latency: 200 concurrent signed `/ctg echeances` requests fired at the real
 * Bolt HTTP receiver of the bot (embedded database, demo territories, the channel bound to Agen),
 * its Web API and response URLs on a fake Slack in a child process (its work does not count in the
 * bot's). Prints the distribution of the time to the HTTP answer (Slack's 3 s limit; target p99
 * under 300 ms, none over 3 s), and how long until every answer reached its response URL.
 * The same run on the embedded database and on PostgreSQL (a fresh database on 127.0.0.1:5432,
 * skipped when none answers), side by side; the last line is the summary: `p99 <n> ms`, the worst
 * round of either (issue 19's target: < 100 ms, none over 1 s).
 * `npm run bench:slack`; REQUESTS=500 and ROUNDS=5 to change the load.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { createApp } from "../src/app.ts";
import { createSlackAdapter } from "../src/app-slack.ts";
import { loadConfig } from "../src/config/config.ts";
import { createPostgresDatabase, type TestDatabase } from "../test/helpers/databases.ts";
import { slashCommandBody } from "../test/helpers/slack-requests.ts";

const REQUESTS = Number(process.env.REQUESTS ?? 200);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECRET = "bench-signing-secret";
const CHANNEL = "C0BENCH";

interface FakeInChild {
  apiUrl: string;
  url: string;
  botToken: string;
  teamId: string;
  child: ChildProcess;
}

/** The fake Slack in its own process; asked over stdin for response URLs and the count of answers. */
async function startFakeInChild(): Promise<FakeInChild & { ask(line: string): Promise<string> }> {
  const helper = new URL("../test/helpers/fake-slack/index.ts", import.meta.url).href;
  const script = [
    `const { startFakeSlack } = await import(${JSON.stringify(helper)});`,
    `const { createInterface } = await import("node:readline");`,
    "const fake = await startFakeSlack();",
    "process.stdout.write(JSON.stringify({ apiUrl: fake.apiUrl, url: fake.url, botToken: fake.botToken, teamId: fake.teamId }) + '\\n');",
    "for await (const line of createInterface({ input: process.stdin })) {",
    "  if (line === 'url') process.stdout.write(fake.responseUrl() + '\\n');",
    "  else if (line === 'answered') process.stdout.write(String(fake.responses().length) + '\\n');",
    "}",
    "await fake.close();",
  ].join("\n");
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  if (child.stdout === null || child.stdin === null) throw new Error("no pipes to the fake Slack");
  const lines = createInterface({ input: child.stdout });
  const pending: ((line: string) => void)[] = [];
  lines.on("line", (line) => pending.shift()?.(line));
  const next = () => new Promise<string>((resolve) => pending.push(resolve));
  const hello = JSON.parse(await next()) as Omit<FakeInChild, "child">;
  const stdin = child.stdin;
  return {
    ...hello,
    child,
    ask: (line) => {
      const answer = next();
      stdin.write(`${line}\n`);
      return answer;
    },
  };
}

interface LoadResult {
  ms: number[];
  statuses: number[];
  errors: string[];
}

/** The load generator (bench/lib/slack-load.ts): one long-lived process, one job per line. */
function startLoad(): { fire(url: string, bodies: string[]): Promise<LoadResult>; stop(): Promise<void> } {
  const script = new URL("./lib/slack-load.ts", import.meta.url).pathname;
  const child = spawn(process.execPath, [script], { stdio: ["pipe", "pipe", "inherit"] });
  if (child.stdout === null || child.stdin === null) throw new Error("no pipes to the load generator");
  const stdin = child.stdin;
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.(line));
  return {
    fire: (url, bodies) =>
      new Promise((resolve) => {
        waiting.push((line) => resolve(JSON.parse(line) as LoadResult));
        stdin.write(`${JSON.stringify({ url, secret: SECRET, bodies })}\n`);
      }),
    stop: async () => {
      stdin.end();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

/** The same load on an HTTP server that only reads the body and answers 200: the generator's floor. */
async function floorOf(load: ReturnType<typeof startLoad>, bodies: string[]): Promise<number[]> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  try {
    await load.fire(`http://127.0.0.1:${port}/`, bodies);
    return (await load.fire(`http://127.0.0.1:${port}/`, bodies)).ms.toSorted((a, b) => a - b);
  } finally {
    server.close();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** One database's rounds: the acknowledgement figures of each, printed; the worst p99 and max. */
async function runOn(
  label: string,
  databaseUrl: string | undefined,
  fake: Awaited<ReturnType<typeof startFakeInChild>>,
  load: ReturnType<typeof startLoad>,
  dir: string,
): Promise<{ p99: number; max: number }> {
  const config = loadConfig({
    DATA_DIR: path.join(dir, "data"),
    ...(databaseUrl !== undefined ? { DATABASE_URL: databaseUrl } : {}),
    WORKSPACE_DIR: path.join(dir, "espace"),
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_PORT: "0",
  });
  const clock = () => new Date();
  const app = await createApp(config, { clock });
  const errors: unknown[] = [];
  const adapter = createSlackAdapter(config, app, {
    clock,
    onInternalError: (error) => errors.push(error),
    overrides: { host: "127.0.0.1" },
  });
  if (adapter === null) throw new Error("Slack not configured");
  let worst = { p99: 0, max: 0 };
  try {
    const { port } = await adapter.start();
    await app.repo.bindChannel("slack", CHANNEL, "agen");
    const url = `http://127.0.0.1:${port}/slack/events`;
    console.log(`— ${label}`);
    let answeredBefore = Number(await fake.ask("answered"));
    for (let round = 0; round <= ROUNDS; round += 1) {
      const bodies: string[] = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        bodies.push(
          slashCommandBody({
            text: "echeances",
            channelId: CHANNEL,
            userId: `U0BENCH${i}`,
            teamId: fake.teamId,
            responseUrl: await fake.ask("url"),
          }),
        );
      }
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const started = performance.now();
      const results = await load.fire(url, bodies);
      const acked = performance.now() - started;
      await adapter.idle();
      const done = performance.now() - started;
      loopDelay.disable();
      const answered = Number(await fake.ask("answered"));
      const refused = results.statuses.filter((status) => status !== 200).length + results.errors.length;
      const ms = results.ms.toSorted((a, b) => a - b);
      if (round === 0) {
        answeredBefore = answered;
        continue;
      }
      const p99 = percentile(ms, 99);
      const max = percentile(ms, 100);
      worst = { p99: Math.max(worst.p99, p99), max: Math.max(worst.max, max) };
      console.log(
        `tour ${round} : accusé de réception p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, ` +
          `max ${max.toFixed(0)} ms (objectif p99 < 100 ms, aucun > 1 000 ms : ${ms.filter((x) => x > 1000).length}) ; ` +
          `le tout (processus de charge compris) en ${acked.toFixed(0)} ms, toutes les réponses envoyées en ${done.toFixed(0)} ms ` +
          `(${answered - answeredBefore}/${REQUESTS} reçues par les response_url) ; refusées : ${refused} ; ` +
          `boucle d'évènements du bot bloquée au plus ${(loopDelay.max / 1e6).toFixed(0)} ms`,
      );
      answeredBefore = answered;
    }
    if (errors.length > 0) {
      const first = errors[0] as { cause?: unknown } | undefined;
      console.log(`erreurs internes : ${errors.length} (${String(first)} ; ${String(first?.cause)})`);
    }
  } finally {
    await adapter.stop();
    await app.close();
  }
  return worst;
}

async function postgres(): Promise<TestDatabase | null> {
  try {
    return await createPostgresDatabase();
  } catch {
    return null;
  }
}

const fake = await startFakeInChild();
const load = startLoad();
const dirs: string[] = [];
let pg: TestDatabase | null = null;
try {
  console.log(
    `${REQUESTS} requêtes /ctg echeances simultanées, ${ROUNDS} tours par base (après un tour d'échauffement)`,
  );
  const floorBodies = Array.from({ length: REQUESTS }, (_, i) =>
    slashCommandBody({
      text: "echeances",
      channelId: CHANNEL,
      userId: `U0FLOOR${i}`,
      teamId: fake.teamId,
      responseUrl: `${fake.url}/response/plancher`,
    }),
  );
  const floor = await floorOf(load, floorBodies);
  console.log(
    `plancher du générateur (serveur HTTP qui ne fait que répondre) : p50 ${percentile(floor, 50).toFixed(0)} ms, ` +
      `p99 ${percentile(floor, 99).toFixed(0)} ms, max ${percentile(floor, 100).toFixed(0)} ms`,
  );
  const results: string[] = [];
  let worst = 0;
  for (const [label, url] of [
    ["PGlite (base embarquée)", undefined],
    ["PostgreSQL", "postgres"],
  ] as const) {
    let databaseUrl: string | undefined;
    if (url === "postgres") {
      pg = await postgres();
      if (pg === null) {
        console.log("— PostgreSQL : aucun serveur sur 127.0.0.1:5432, non mesuré");
        continue;
      }
      databaseUrl = pg.url;
    }
    const dir = await mkdtemp(path.join(tmpdir(), "ctg-bench-slack-"));
    dirs.push(dir);
    const figures = await runOn(label, databaseUrl, fake, load, dir);
    results.push(
      `${label.split(" ")[0]} p99 ${figures.p99.toFixed(0)} ms (max ${figures.max.toFixed(0)} ms)`,
    );
    worst = Math.max(worst, figures.p99);
  }
  console.log(`résumé : ${results.join(" · ")}`);
  console.log(`p99 ${worst.toFixed(0)} ms`);
} finally {
  await load.stop();
  fake.child.stdin?.end();
  await once(fake.child, "exit");
  await pg?.drop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
