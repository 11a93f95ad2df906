/**
 * Upload benchmark of the Nextcloud workspace: a file of `sizeBytes` sent to the fake Nextcloud
 * (in a child process, so that its buffers do not count in our memory) and to a real Apache
 * mod_dav, compared with `curl -T` to the same servers, with the bot's RSS growth during the upload.
 * The bot uploads from its spool, as it does in service. Targets: at least 70 % of curl's
 * throughput, less than 100 MB of RSS growth. After an untimed warm-up, rounds of curl and each
 * variant in a rotating order (medians reported); `sync` before every timed step.
 * Every server and process it starts is stopped in `finally`, and nothing it runs can hang: curl
 * and the fake's process are killed after a time limit.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { Spool } from "../../src/filing/spool.ts";
import { chunkName } from "../../src/workspace/nextcloud/chunked-upload.ts";
import { NextcloudWorkspace } from "../../src/workspace/nextcloud/nextcloud-workspace.ts";
import type { NextcloudWorkspaceOptions } from "../../src/workspace/nextcloud/options.ts";
import { apacheUnavailableReason, startApacheWebdav } from "../../test/helpers/apache-webdav.ts";
import { DEFAULT_CHUNKED_UPLOAD } from "../../test/helpers/fake-nextcloud/ocs.ts";

const MB = 1_000_000;
/** No step of the bench may hang: curl is killed after this, the fake Nextcloud's process too. */
const CURL_TIMEOUT_MS = 10 * 60_000;
const CHILD_EXIT_TIMEOUT_MS = 10_000;
/**
 * The chunk size the fake Nextcloud advertises (Nextcloud's default `files.chunked_upload.max_size`),
 * which the client then uses: the curl baseline that speaks chunked v2 uses it too.
 */
const ADVERTISED_CHUNK_BYTES = DEFAULT_CHUNKED_UPLOAD.max_size;
const CHUNK_BYTES = ADVERTISED_CHUNK_BYTES;

interface Server {
  name: string;
  baseUrl: string;
  user: string;
  password: string;
  close(): Promise<void>;
}

interface Measure {
  /** `performance.now()` when the timed part began. */
  startedAt: number;
  seconds: number;
  rssGrowthBytes: number;
}

function credentials(server: Server): NextcloudWorkspaceOptions {
  return { baseUrl: server.baseUrl, user: server.user, appPassword: server.password };
}

/** `rounds` (default 5): each round times curl and every variant once, in a rotating order. */
export async function runUploadBench(options: {
  sizeBytes: number;
  rounds?: number;
}): Promise<{ lines: string[] }> {
  const { sizeBytes } = options;
  const rounds = options.rounds ?? 5;
  const dir = await mkdtemp(join(tmpdir(), "filing-upload-bench-"));
  const file = join(dir, "upload.bin");
  const lines: string[] = [
    `Envoi d'un fichier de ${(sizeBytes / 2 ** 20).toFixed(0)} MiB (débits en MB/s, 1 MB = 10^6 octets ; ` +
      `médiane de ${rounds} tours, entre crochets le plus lent et le plus rapide)`,
  ];
  const servers: Server[] = [];
  let closed: PromiseSettledResult<void>[] = [];
  try {
    await writeFileOfSize(file, sizeBytes);
    // The bot uploads from its spool: the same source, ranges included.
    const source = new Spool(dir).source(file, sizeBytes);
    servers.push(await startFakeInChild());
    const skip = apacheUnavailableReason();
    if (skip === null) {
      const apache = await startApacheWebdav();
      servers.push({
        name: "Apache mod_dav",
        baseUrl: apache.baseUrl,
        user: apache.user,
        password: apache.password,
        close: () => apache.close(),
      });
    } else {
      lines.push(`Apache ignoré : ${skip}`);
    }

    for (const server of servers) {
      const variants: [string, Partial<NextcloudWorkspaceOptions>][] =
        server.name === "Apache mod_dav"
          ? [["NextcloudWorkspace (WebDAV simple, un PUT)", { flavour: "webdav" }]]
          : [
              [
                "NextcloudWorkspace par défaut (morceaux v2 de la taille annoncée par le serveur, " +
                  `${ADVERTISED_CHUNK_BYTES / 2 ** 20} MiB, 4 en parallèle, lus du spool chacun à son décalage)`,
                {},
              ],
              [
                "NextcloudWorkspace (morceaux v2 de 10 MiB, ce qu'il fait face à un Nextcloud qui n'annonce rien)",
                { chunkSizeBytes: 10 * 2 ** 20 },
              ],
              ["NextcloudWorkspace (un seul PUT)", { chunkThresholdBytes: Number.POSITIVE_INFINITY }],
            ];
      const workspace = new NextcloudWorkspace(credentials(server));
      await workspace.ensureFolder("bench");
      // Warm-up, not timed, at full size: each variant and curl send the whole file once (JIT,
      // connections, server caches — and the disk: on this VM's thin-provisioned disk the first
      // writes to fresh blocks were several times slower, an assembly of 1 GiB taking 3–5 s in the
      // first rounds against 0.4–0.7 s later).
      await curlUpload(file, server, "bench/warm-up.bin");
      await workspace.remove("bench/warm-up.bin");
      // Their RSS growth counts: the buffers a first upload allocates are part of what it costs.
      const warmUpRss = new Map<string, number>();
      for (const [label, overrides] of variants) {
        const ours = new NextcloudWorkspace({ ...credentials(server), ...overrides });
        const run = await measure(() => ours.putNew("bench/warm-up.bin", source));
        warmUpRss.set(label, run.rssGrowthBytes);
        await ours.remove("bench/warm-up.bin");
      }
      // Rounds of curl and each variant: figures are medians over the rounds, so that no slow
      // round decides the comparison.
      const curl: Measure[] = [];
      // Nextcloud only: curl speaking chunked v2 itself (the file split beforehand, not timed; the
      // chunks one after the other on one connection, then the MOVE) — what the protocol costs
      // any client, the assembly included, against which our client's own overhead shows.
      const curlChunked: Measure[] = [];
      const chunkDir = join(dir, "chunks");
      const speaksChunked = server.name !== "Apache mod_dav";
      if (speaksChunked) await splitFile(file, chunkDir, sizeBytes);
      const ours = variants.map(([label, overrides]) => ({
        label,
        chunked: overrides.flavour === undefined && overrides.chunkThresholdBytes === undefined,
        workspace: new NextcloudWorkspace({ ...credentials(server), ...overrides }),
        runs: [] as Measure[],
        sendingSeconds: [] as number[],
      }));
      // Every step of a round, curl's included. Each round starts one step further on, so that no
      // step always comes after the same one: on this VM, the assembly of a chunked upload right
      // after curl's step took 1.1–1.7 s, 0.3–0.8 s elsewhere; a fixed order charges that to one step.
      const steps: ((round: number) => Promise<void>)[] = [
        async () => {
          curl.push(await measure(() => curlUpload(file, server, "bench/curl.bin")));
          await workspace.remove("bench/curl.bin");
        },
      ];
      if (speaksChunked) {
        steps.push(async (round) => {
          curlChunked.push(
            await measure(() => curlChunkedUpload(chunkDir, server, "bench/curl.bin", sizeBytes, round)),
          );
          await workspace.remove("bench/curl.bin");
        });
      }
      for (const variant of ours) {
        steps.push(async () => {
          let allSentAt = 0;
          const result = await measure(() =>
            variant.workspace.putNew("bench/bot.bin", source, {
              onProgress: (sent, total) => {
                if (sent === total && allSentAt === 0) allSentAt = performance.now();
              },
            }),
          );
          await variant.workspace.remove("bench/bot.bin");
          variant.runs.push(result);
          variant.sendingSeconds.push((allSentAt - result.startedAt) / 1000);
        });
      }
      for (let round = 0; round < rounds; round += 1) {
        for (let step = 0; step < steps.length; step += 1) {
          await steps[(round + step) % steps.length]?.(round);
        }
      }
      const curlSeconds = median(curl.map((run) => run.seconds));
      lines.push(
        `${server.name} — curl -T : ${rates(
          sizeBytes,
          curl.map((run) => run.seconds),
        )}`,
      );
      const curlChunkedSeconds =
        curlChunked.length > 0 ? median(curlChunked.map((run) => run.seconds)) : null;
      if (curlChunkedSeconds !== null) {
        lines.push(
          `${server.name} — curl en morceaux v2 de ${CHUNK_BYTES / 2 ** 20} MiB (découpés d'avance, à la suite, puis MOVE) : ${rates(
            sizeBytes,
            curlChunked.map((run) => run.seconds),
          )}, ${((curlSeconds / curlChunkedSeconds) * 100).toFixed(0)} % de curl -T`,
        );
      }
      for (const variant of ours) {
        const seconds = median(variant.runs.map((run) => run.seconds));
        const sending = median(variant.sendingSeconds);
        const detail = variant.chunked
          ? ` (envoi des morceaux ${rate(sizeBytes, sending)}, puis ${(seconds - sending).toFixed(2)} s jusqu'à la réponse du MOVE, assemblage compris` +
            (curlChunkedSeconds === null
              ? ")"
              : ` ; ${((curlChunkedSeconds / seconds) * 100).toFixed(0)} % de curl en morceaux)`)
          : "";
        const rss = Math.max(
          warmUpRss.get(variant.label) ?? 0,
          ...variant.runs.map((run) => run.rssGrowthBytes),
        );
        lines.push(
          `${server.name} — ${variant.label} : ${rates(
            sizeBytes,
            variant.runs.map((run) => run.seconds),
          )}${detail}, ` +
            `${((curlSeconds / seconds) * 100).toFixed(0)} % de curl (objectif ≥ 70 %), ` +
            `RSS +${(rss / 2 ** 20).toFixed(1)} MiB au plus, premier envoi compris (objectif < 100 MB)`,
        );
      }
    }
  } finally {
    // Every server is stopped, even when stopping another one fails.
    closed = await Promise.allSettled(servers.map((server) => server.close()));
    await rm(dir, { recursive: true, force: true });
  }
  for (const result of closed) if (result.status === "rejected") throw result.reason;
  return { lines };
}

/**
 * Times `run` and samples this process's RSS every 50 ms: peak minus the value before it started.
 * Dirty pages are flushed first (`sync`), so that no step pays for writing back the gigabyte the
 * step before it wrote.
 */
async function measure(run: () => Promise<unknown>): Promise<Measure> {
  await flushDisks();
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  return { startedAt: started, seconds, rssGrowthBytes: peak - baseline };
}

function flushDisks(): Promise<void> {
  return new Promise((resolve) => {
    execFile("sync", { timeout: CURL_TIMEOUT_MS }, () => resolve());
  });
}

function rate(bytes: number, seconds: number): string {
  return `${(bytes / MB / seconds).toFixed(0)} MB/s (${seconds.toFixed(1)} s)`;
}

/** The median rate, then the slowest and fastest: `470 MB/s (2.3 s) [431–512]`. */
function rates(bytes: number, seconds: readonly number[]): string {
  const slowest = Math.max(...seconds);
  const fastest = Math.min(...seconds);
  return `${rate(bytes, median(seconds))} [${(bytes / MB / slowest).toFixed(0)}–${(bytes / MB / fastest).toFixed(0)}]`;
}

function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function writeFileOfSize(file: string, size: number): Promise<void> {
  const block = randomBytes(8 << 20);
  const out = createWriteStream(file);
  for (let written = 0; written < size; written += block.length) {
    const part = block.subarray(0, Math.min(block.length, size - written));
    if (!out.write(part)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

function curlUpload(file: string, server: Server, path: string): Promise<void> {
  const url = `${server.baseUrl}/remote.php/dav/files/${encodeURIComponent(server.user)}/${path}`;
  return new Promise((resolve, reject) => {
    execFile(
      "curl",
      [
        "-sS",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-T",
        file,
        "-u",
        `${server.user}:${server.password}`,
        url,
      ],
      { timeout: CURL_TIMEOUT_MS },
      (error, stdout) => {
        if (error !== null) reject(error);
        else if (!/^20[14]$/.test(stdout.trim())) reject(new Error(`curl: HTTP ${stdout.trim()}`));
        else resolve();
      },
    );
  });
}

/** Splits `file` into numbered chunk files (`00001`…) of the client's chunk size, in `dir`. */
async function splitFile(file: string, dir: string, size: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const count = Math.ceil(size / CHUNK_BYTES);
  for (let index = 0; index < count; index += 1) {
    const start = index * CHUNK_BYTES;
    const out = createWriteStream(join(dir, chunkName(index + 1)));
    const input = createReadStream(file, { start, end: Math.min(size, start + CHUNK_BYTES) - 1 });
    input.pipe(out);
    await once(out, "finish");
  }
}

/** Chunked upload v2 with curl: MKCOL, every chunk file PUT on one connection, then MOVE `.file`. */
async function curlChunkedUpload(
  chunkDir: string,
  server: Server,
  path: string,
  size: number,
  round: number,
): Promise<void> {
  const dav = `${server.baseUrl}/remote.php/dav`;
  const user = encodeURIComponent(server.user);
  const uploads = `${dav}/uploads/${user}/bench-curl-${process.pid}-${round}`;
  const headers = ["-H", `Destination: ${dav}/files/${user}/${path}`, "-H", `OC-Total-Length: ${size}`];
  const names = (await readdir(chunkDir)).sort();
  await curl(["-X", "MKCOL", ...headers, `${uploads}`], server);
  // `-T "{a,b}"` with a URL ending in `/`: each file PUT to the URL plus its name, one connection.
  await curl(["-T", `{${names.join(",")}}`, ...headers, `${uploads}/`], server, chunkDir);
  await curl(["-X", "MOVE", ...headers, "-H", "Overwrite: F", `${uploads}/.file`], server);
}

/** One curl run; fails unless every answer is a 2xx. */
function curl(args: string[], server: Server, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      "curl",
      ["-sS", "-o", "/dev/null", "-w", "%{http_code}\\n", "-u", `${server.user}:${server.password}`, ...args],
      { timeout: CURL_TIMEOUT_MS, ...(cwd === undefined ? {} : { cwd }) },
      (error, stdout) => {
        const codes = stdout.trim().split("\n");
        if (error !== null) reject(error);
        else if (!codes.every((code) => /^2\d\d$/.test(code)))
          reject(new Error(`curl: HTTP ${codes.join(" ")}`));
        else resolve();
      },
    );
  });
}

const childHello = z.object({ baseUrl: z.string(), user: z.string(), appPassword: z.string() });

/**
 * The fake Nextcloud in its own Node process (it stops when its stdin closes, so also when this
 * process dies). If it does not start, or does not stop within 10 s, it is killed.
 */
async function startFakeInChild(): Promise<Server> {
  const helper = new URL("../../test/helpers/fake-nextcloud/index.ts", import.meta.url).href;
  const script = [
    `const { startFakeNextcloud } = await import(${JSON.stringify(helper)});`,
    "const fake = await startFakeNextcloud();",
    "process.stdout.write(JSON.stringify({ baseUrl: fake.baseUrl, user: fake.user, appPassword: fake.appPassword }) + '\\n');",
    "process.stdin.on('end', async () => { await fake.close(); process.exit(0); });",
    "process.stdin.resume();",
  ].join("\n");
  const child: ChildProcess = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    if (child.stdout === null) throw new Error("no pipe from the fake Nextcloud");
    const lines = createInterface({ input: child.stdout });
    const line = await Promise.race([
      once(lines, "line").then(([first]) => String(first)),
      once(child, "error").then(([error]) => Promise.reject(error)),
      exited.then(() => Promise.reject(new Error("the fake Nextcloud's process exited before starting"))),
    ]);
    lines.close();
    const hello = childHello.parse(JSON.parse(line));
    return {
      name: "faux Nextcloud",
      baseUrl: hello.baseUrl,
      user: hello.user,
      password: hello.appPassword,
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
