/**
 * Start-up figures of the command line: cold start of `npm start` to the console prompt (fresh
 * data folder: database creation, migration, demo seeding), warm start to the prompt, and the
 * median of 10 `ctg-bot console --eval` runs. Run with `npm run bench`.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = path.join(ROOT, "bin/ctg-bot.js");

/** Milliseconds until `marker` appears on the output of `command` run in a pseudo-terminal. */
function timeToMarker(command: string, env: NodeJS.ProcessEnv, marker: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // `script` gives the process a terminal, so the console is interactive and shows its prompt.
    const child = spawn("script", ["-qfec", command, "/dev/null"], { env, cwd: ROOT });
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no "${marker}" after 60 s:\n${out}`));
    }, 60_000);
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes(marker)) {
        const ms = performance.now() - start;
        clearTimeout(timer);
        child.stdin.write("quitter\n");
        child.on("close", () => resolve(ms));
      }
    });
  });
}

function runOnce(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("close", (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`exit ${code}`)),
    );
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const dir = await mkdtemp(path.join(tmpdir(), "ctg-bench-"));
const env = { ...process.env, DATA_DIR: path.join(dir, "data"), DATABASE_URL: "" };
try {
  const cold = await timeToMarker(`${process.execPath} ${BIN} start`, env, "ctg> ");
  const warm = await timeToMarker(`${process.execPath} ${BIN} start`, env, "ctg> ");
  const runs: number[] = [];
  for (let i = 0; i < 10; i++) {
    runs.push(await runOnce(["console", "--territoire", "agen", "--eval", "/ctg action 11"], env));
  }
  console.log(`cold start to prompt (new database + 5 demo territories): ${cold.toFixed(0)} ms`);
  console.log(`warm start to prompt: ${warm.toFixed(0)} ms`);
  console.log(
    `console --eval "/ctg action 11" x10: median ${median(runs).toFixed(0)} ms, min ${Math.min(...runs).toFixed(0)} ms, max ${Math.max(...runs).toFixed(0)} ms`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
