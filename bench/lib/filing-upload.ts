/**
 * Upload benchmark of the Nextcloud workspace: a file of `sizeBytes` sent to the fake Nextcloud
 * (in a child process, so that its buffers do not count in our memory) and to a real Apache
 * mod_dav, compared with `curl -T` to the same servers, with the bot's RSS growth during the upload.
 * Targets: at least 70 % of curl's throughput, less than 100 MB of RSS growth.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { NextcloudWorkspace } from "../../src/workspace/nextcloud/nextcloud-workspace.ts";
import type { NextcloudWorkspaceOptions } from "../../src/workspace/nextcloud/options.ts";
import type { UploadSource } from "../../src/workspace/workspace.ts";
import { apacheUnavailableReason, startApacheWebdav } from "../../test/helpers/apache-webdav.ts";

const MB = 1_000_000;

interface Server {
  name: string;
  baseUrl: string;
  user: string;
  password: string;
  close(): Promise<void>;
}

interface Measure {
  seconds: number;
  rssGrowthBytes: number;
}

export async function runUploadBench(options: { sizeBytes: number }): Promise<{ lines: string[] }> {
  const { sizeBytes } = options;
  const dir = await mkdtemp(join(tmpdir(), "filing-upload-bench-"));
  const file = join(dir, "upload.bin");
  const lines: string[] = [
    `Envoi d'un fichier de ${(sizeBytes / 2 ** 20).toFixed(0)} MiB (débits en MB/s, 1 MB = 10^6 octets)`,
  ];
  const servers: Server[] = [];
  try {
    await writeFileOfSize(file, sizeBytes);
    const source: UploadSource = {
      size: sizeBytes,
      open: () => createReadStream(file, { highWaterMark: 1 << 20 }),
    };
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
              ["NextcloudWorkspace (morceaux v2 de 10 MiB)", {}],
              ["NextcloudWorkspace (un seul PUT)", { chunkThresholdBytes: Number.POSITIVE_INFINITY }],
            ];
      const workspace = new NextcloudWorkspace({
        baseUrl: server.baseUrl,
        user: server.user,
        appPassword: server.password,
      });
      await workspace.ensureFolder("bench");
      const curl = await measure(() => curlUpload(file, server, "bench/curl.bin"));
      await workspace.remove("bench/curl.bin");
      lines.push(`${server.name} — curl -T : ${rate(sizeBytes, curl.seconds)}`);
      for (const [label, overrides] of variants) {
        const ours = new NextcloudWorkspace({
          baseUrl: server.baseUrl,
          user: server.user,
          appPassword: server.password,
          ...overrides,
        });
        let allSentAt = 0;
        const started = performance.now();
        const result = await measure(() =>
          ours.putNew("bench/bot.bin", source, {
            onProgress: (sent, total) => {
              if (sent === total && allSentAt === 0) allSentAt = performance.now();
            },
          }),
        );
        await ours.remove("bench/bot.bin");
        const ratio = (curl.seconds / result.seconds) * 100;
        const sending = (allSentAt - started) / 1000;
        const assembly =
          result.seconds - sending > 0.5
            ? ` (dont ${(result.seconds - sending).toFixed(1)} s d'assemblage côté serveur ; envoi seul ${rate(sizeBytes, sending)})`
            : "";
        lines.push(
          `${server.name} — ${label} : ${rate(sizeBytes, result.seconds)}${assembly}, ${ratio.toFixed(0)} % de curl ` +
            `(objectif ≥ 70 %), RSS +${(result.rssGrowthBytes / 2 ** 20).toFixed(1)} MiB (objectif < 100 MB)`,
        );
      }
    }
  } finally {
    for (const server of servers) await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return { lines };
}

/** Times `run` and samples this process's RSS every 50 ms: peak minus the value before it started. */
async function measure(run: () => Promise<unknown>): Promise<Measure> {
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
  return { seconds, rssGrowthBytes: peak - baseline };
}

function rate(bytes: number, seconds: number): string {
  return `${(bytes / MB / seconds).toFixed(0)} MB/s (${seconds.toFixed(1)} s)`;
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
      (error, stdout) => {
        if (error !== null) reject(error);
        else if (!/^20[14]$/.test(stdout.trim())) reject(new Error(`curl: HTTP ${stdout.trim()}`));
        else resolve();
      },
    );
  });
}

const childHello = z.object({ baseUrl: z.string(), user: z.string(), appPassword: z.string() });

/** The fake Nextcloud in its own Node process (it stops when its stdin closes). */
async function startFakeInChild(): Promise<Server> {
  const helper = new URL("../../test/helpers/fake-nextcloud.ts", import.meta.url).href;
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
  if (child.stdout === null || child.stdin === null) throw new Error("no pipes to the fake Nextcloud");
  const stdin = child.stdin;
  const [line] = await once(createInterface({ input: child.stdout }), "line");
  const hello = childHello.parse(JSON.parse(String(line)));
  return {
    name: "faux Nextcloud",
    baseUrl: hello.baseUrl,
    user: hello.user,
    password: hello.appPassword,
    async close() {
      const exited = once(child, "exit");
      stdin.end();
      await exited;
    },
  };
}
