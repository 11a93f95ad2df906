/**
 * Question answering: accuracy on the dev, held-out and sealed sets (test/fixtures/questions-*.yaml) and
 * answer latency, on the five
 * demo territories (embedded database) and on 200 synthetic territories in PostgreSQL.
 * Run with `npm run bench:qa`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config/config.ts";
import { createKnowledgeCache, warmKnowledge } from "../src/core/knowledge-cache.ts";
import { buildIndex, DEFAULT_ENGINE } from "../src/core/qa/knowledge-index.ts";
import { createQuestionAnswerer, type QuestionAnswerer } from "../src/core/questions.ts";
import { ENGINE_NAMES } from "../src/domain/search/passage-engine.ts";
import { localToInstant } from "../src/domain/time/zoned.ts";
import { loadLexicon } from "../src/store/qa-lexicon.ts";
import { createPostgresDatabase } from "../test/helpers/databases.ts";
import {
  DEV_FILE,
  DEV2_FILE,
  DEV3_FILE,
  evaluate,
  HOLDOUT_FILE,
  loadQuestions,
  type QaSummary,
  SEALED_FILE,
  SEALED2_FILE,
  SEALED3_FILE,
  SEALED4_FILE,
  SEALED5_FILE,
  summarize,
} from "./lib/qa-eval.ts";
import { seedSyntheticTerritories } from "./lib/synthetic.ts";

/** Heap in use after a full collection when the bench runs with --expose-gc. */
const heapMb = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const latency = (xs: number[]) =>
  `median ${quantile(xs, 0.5).toFixed(2)} ms, p99 ${quantile(xs, 0.99).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms (n=${xs.length})`;

const verbose = process.argv.includes("--verbose");
/** `--tuning`: only the sets one may tune on, only the bot's engine, no PostgreSQL part. */
const tuning = process.argv.includes("--tuning");

function printSummary(name: string, s: QaSummary, showMisses: boolean): void {
  console.log(`${name}: ${s.total} questions (${s.unanswerable} with no answer in the plan)`);
  console.log(`  top-1 accuracy: ${pct(s.top1)} (answerable only: ${pct(s.answerableTop1)})`);
  console.log(
    `  « je ne sais pas »: ${pct(s.dontKnowShare)} of all answers; on answerable questions ${pct(s.missedShare)}; on unanswerable ones ${pct(s.dontKnowRate)}`,
  );
  console.log(
    `  wrong confident answers: ${pct(s.wrongShare)} (of which facts the plan does not have: ${s.invented.length})`,
  );
  if (s.perIntent.length) console.log(`  intent (older sets): ${pct(s.intentAccuracy)}`);
  for (const g of s.perCategory.length ? s.perCategory : s.perIntent)
    console.log(`    ${g.name.padEnd(14)} ${pct(g.top1).padStart(8)}  (n=${g.n})`);
  if (showMisses) {
    for (const r of s.failures) {
      console.log(
        `  MISS [${r.case.territoire}] ${r.case.question}\n       expected ${JSON.stringify(r.case.refs[0] ?? null)}${r.case.field ? ` ${r.case.field}` : ""} got ${JSON.stringify(r.refs[0] ?? null)} ${r.facet ?? ""} (${r.intent})\n       « ${r.text.slice(0, 160)} »`,
      );
    }
  }
}

const dir = await mkdtemp(path.join(tmpdir(), "ctg-bench-qa-"));
try {
  const config = loadConfig({ DATA_DIR: path.join(dir, "data") });
  const app = await createApp(config, { clock: () => new Date() });
  const lexicon = await loadLexicon();
  // --verbose lists the misses of the sets one may tune on, never the sealed set's.
  const sets: [string, URL, boolean][] = [
    ["dev (tuned on)", DEV_FILE, verbose],
    ["dev 2 (tuned on since 2026-12-07)", DEV2_FILE, verbose],
    ["dev 3 (tuned on since 2026-12-07)", DEV3_FILE, verbose],
    ["held-out (written before the first tuning, tuned on since)", HOLDOUT_FILE, verbose],
    ...(tuning
      ? []
      : ([
          ["sealed (written 2026-12-04, first run 68.7 %, never tuned on)", SEALED_FILE, false],
          ["sealed 2 (written 2026-12-07, first run 76.3 %, never tuned on)", SEALED2_FILE, false],
          ["sealed 3 (written 2026-12-07, first run 77.7 %, never tuned on)", SEALED3_FILE, false],
          ["sealed 4 (written 2026-12-07, first run 81.4 %, never tuned on)", SEALED4_FILE, false],
          ["sealed 5 (written 2026-12-07, first run 77.2 %, never tuned on)", SEALED5_FILE, false],
        ] as [string, URL, boolean][])),
  ];
  const loaded = await Promise.all(
    sets.map(async ([name, file, misses]) => ({ name, misses, cases: await loadQuestions(file) })),
  );
  const engines = [DEFAULT_ENGINE, ...(tuning ? [] : ENGINE_NAMES.filter((e) => e !== DEFAULT_ENGINE))];
  const timings: number[] = [];
  for (const engine of engines) {
    const knowledge = createKnowledgeCache(app.repo, lexicon, engine);
    const answerers = new Map<string, QuestionAnswerer>();
    const answererAt = (now: string) => {
      let a = answerers.get(now);
      if (!a) {
        const instant = localToInstant(`${now}T12:00`, "Europe/Paris");
        a = createQuestionAnswerer({
          repo: app.repo,
          clock: () => instant,
          prefixOf: () => "/ctg",
          knowledge,
        });
        answerers.set(now, a);
      }
      return a;
    };
    console.log(`== search engine: ${engine}${engine === DEFAULT_ENGINE ? " (the bot's)" : ""}`);
    await evaluate(loaded[0]?.cases ?? [], answererAt); // warm-up: load and index each territory once
    for (const { name, cases, misses } of loaded) {
      const results = await evaluate(cases, answererAt);
      if (engine === DEFAULT_ENGINE) timings.push(...results.map((r) => r.ms));
      printSummary(name, summarize(results), misses && engine === DEFAULT_ENGINE);
    }
  }
  console.log(
    `latency, 5 demo territories (in-process, cached knowledge, ${DEFAULT_ENGINE}): ${latency(timings)}`,
  );
  await app.close();
  if (tuning) process.exit(0);

  const pgDb = await createPostgresDatabase();
  try {
    const pgApp = await createApp(loadConfig({ DATABASE_URL: pgDb.url, DATA_DIR: dir, SEED_DEMO: "false" }), {
      clock: () => new Date(),
    });
    const t0 = performance.now();
    const slugs = await seedSyntheticTerritories(pgApp.db.prisma, 200, 40, 5);
    console.log(
      `synthetic PostgreSQL data: ${slugs.length} territories x 40 actions x 5 milestones, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const questions = [
      "quand est prévue la mise en service de l'action 12 ?",
      "qui pilote l'action 7 ?",
      "où en est l'action 3 ?",
      "quelles actions sur la parentalité ?",
      "qu'est-ce qu'un LAEP ?",
    ];
    const answer = createQuestionAnswerer({
      repo: pgApp.repo,
      clock: () => new Date(),
      prefixOf: () => "/ctg",
      knowledge: createKnowledgeCache(pgApp.repo, lexicon),
    });
    const cold: number[] = [];
    const warm: number[] = [];
    for (const [i, slug] of slugs.entries()) {
      const text = questions[i % questions.length] ?? "";
      let t = performance.now();
      await answer({ text, platform: "bench", channelId: slug }, slug);
      cold.push(performance.now() - t);
      t = performance.now();
      await answer(
        { text: questions[(i + 1) % questions.length] ?? "", platform: "bench", channelId: slug },
        slug,
      );
      warm.push(performance.now() - t);
    }
    console.log(
      `latency, 200 territories in PostgreSQL, first question of a territory (loads and indexes it): ${latency(cold)}`,
    );
    console.log(`latency, 200 territories in PostgreSQL, next questions (cached): ${latency(warm)}`);
    // As the running bot does: every territory indexed in the background after start-up.
    const warmedCache = createKnowledgeCache(pgApp.repo, lexicon);
    const heapBefore = heapMb();
    let t = performance.now();
    const warmedCount = await warmKnowledge(warmedCache, await pgApp.repo.listTerritories());
    console.log(
      `warm-up after start-up: ${warmedCount} territories indexed in ${((performance.now() - t) / 1000).toFixed(1)} s, heap +${(heapMb() - heapBefore).toFixed(0)} MB`,
    );
    const warmed = createQuestionAnswerer({
      repo: pgApp.repo,
      clock: () => new Date(),
      prefixOf: () => "/ctg",
      knowledge: warmedCache,
    });
    const firstAfterWarmUp: number[] = [];
    for (const [i, slug] of slugs.entries()) {
      t = performance.now();
      await warmed({ text: questions[i % questions.length] ?? "", platform: "bench", channelId: slug }, slug);
      firstAfterWarmUp.push(performance.now() - t);
    }
    console.log(
      `latency, 200 territories in PostgreSQL, first question of a territory after the warm-up: ${latency(firstAfterWarmUp)}`,
    );
    const loads: number[] = [];
    const builds = new Map<string, number[]>(engines.map((e) => [e, []]));
    for (const slug of slugs.slice(0, 50)) {
      let t = performance.now();
      const k = await pgApp.repo.getKnowledge(slug);
      loads.push(performance.now() - t);
      if (!k) continue;
      for (const engine of engines) {
        t = performance.now();
        // The engine is built on the first search.
        buildIndex(k, lexicon, engine).match(["x"]);
        builds.get(engine)?.push(performance.now() - t);
      }
    }
    console.log(`  of which loading a territory from PostgreSQL: ${latency(loads)}`);
    for (const [engine, xs] of builds)
      console.log(`  of which building its index with ${engine}: ${latency(xs)}`);
    await pgApp.close();
  } finally {
    await pgDb.drop();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
