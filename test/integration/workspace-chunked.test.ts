/**
 * Chunked upload v2 with chunks in flight concurrently, against the fake Nextcloud behind a small
 * proxy that holds the chunks' answers: the test decides when (and in which order) the bot hears
 * about each chunk, so nothing here depends on timing or waits on the clock.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import {
  Agent,
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type Server,
} from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Spool } from "../../src/filing/spool.ts";
import { DavHttp } from "../../src/workspace/nextcloud/http.ts";
import { NextcloudWorkspace } from "../../src/workspace/nextcloud/nextcloud-workspace.ts";
import { resolveOptions } from "../../src/workspace/nextcloud/options.ts";
import type { UploadSource } from "../../src/workspace/workspace.ts";
import { pattern, readAll, sourceOf } from "../helpers/bytes.ts";
import { type FakeNextcloud, startFakeNextcloud } from "../helpers/fake-nextcloud/index.ts";

const MB = 1024 * 1024;

/** Decides when the answer to a chunk PUT goes back to the bot (never, if the promise never settles). */
type Gate = (chunk: string, status: number) => Promise<void>;

interface ChunkProxy {
  baseUrl: string;
  /** `start 00001`, `answer 00001`, `aborted 00001` (the bot closed the request unanswered), `MOVE`… */
  events: string[];
  /** Chunk PUTs started and not answered yet; the most there ever were. */
  inFlight: number;
  maxInFlight: number;
  started: string[];
  gate: Gate;
  /** Called when a chunk PUT reaches the proxy. */
  onStart: (chunk: string) => void;
  /** Resolves once every one of `events` has happened. */
  until(events: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** A forwarding proxy to `upstream` that passes every chunk PUT's answer through `proxy.gate`. */
async function startChunkProxy(upstream: string): Promise<ChunkProxy> {
  const agent = new Agent({ keepAlive: true });
  const waiters: { events: readonly string[]; resolve: () => void }[] = [];
  const record = (event: string) => {
    proxy.events.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.events.every((wanted) => proxy.events.includes(wanted))) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const proxy: ChunkProxy = {
    baseUrl: "",
    events: [],
    inFlight: 0,
    maxInFlight: 0,
    started: [],
    gate: async () => {},
    onStart: () => {},
    until: (events) =>
      new Promise<void>((resolve) => {
        if (events.every((wanted) => proxy.events.includes(wanted))) resolve();
        else waiters.push({ events, resolve });
      }),
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunk = /\/uploads\/[^/]+\/[^/]+\/(\d+)$/.exec(req.url ?? "")?.[1] ?? null;
    if (chunk === null) {
      record(`${req.method} ${req.url?.split("/").at(-1)}`);
    } else {
      proxy.started.push(chunk);
      proxy.inFlight += 1;
      proxy.maxInFlight = Math.max(proxy.maxInFlight, proxy.inFlight);
      res.on("close", () => {
        if (res.writableFinished) return;
        proxy.inFlight -= 1;
        record(`aborted ${chunk}`);
      });
      record(`start ${chunk}`);
      proxy.onStart(chunk);
    }
    const forwarded = request(
      `${upstream}${req.url}`,
      { method: req.method, headers: req.headers, agent },
      (answer: IncomingMessage) => {
        const body: Buffer[] = [];
        answer.on("data", (bytes: Buffer) => body.push(bytes));
        answer.on("end", async () => {
          if (chunk !== null) await proxy.gate(chunk, answer.statusCode ?? 0);
          if (res.destroyed) return;
          if (chunk !== null) {
            proxy.inFlight -= 1;
            record(`answer ${chunk}`);
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers as OutgoingHttpHeaders);
          res.end(Buffer.concat(body));
        });
      },
    );
    forwarded.on("error", () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port for the proxy");
  proxy.baseUrl = `http://127.0.0.1:${address.port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    agent.destroy();
  };
  return proxy;
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

describe("NextcloudWorkspace : morceaux envoyés en parallèle (faux Nextcloud derrière un proxy)", () => {
  let fake: FakeNextcloud;
  let proxy: ChunkProxy;
  const workspace = (chunkConcurrency: number) =>
    new NextcloudWorkspace({
      baseUrl: proxy.baseUrl,
      user: fake.user,
      appPassword: fake.appPassword,
      chunkThresholdBytes: MB,
      chunkSizeBytes: MB,
      chunkConcurrency,
      // A bot that waited for each answer before sending the next chunk would never get the
      // answers held below: it fails after this instead of hanging the test.
      responseTimeoutMs: 10_000,
      sleep: async () => {},
    });

  beforeAll(async () => {
    fake = await startFakeNextcloud();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(async () => {
    proxy = await startChunkProxy(fake.baseUrl);
    fake.requests.length = 0;
  });
  afterEach(async () => {
    await proxy.close();
  });

  it("garde chunkConcurrency morceaux en vol, accepte des réponses dans le désordre et assemble un fichier identique", async () => {
    const content = pattern(5 * MB + 12_345); // 6 chunks
    const concurrency = 3;
    // Answers are held until every chunk in flight has one, then given back from the highest
    // chunk number down. (The proxy may see the PUTs in any order: the kernel buffers a chunk's
    // body, so the next one can start before the proxy has read the first.)
    const held: { chunk: string; release: () => void }[] = [];
    proxy.gate = (chunk) =>
      new Promise<void>((release) => {
        held.push({ chunk, release });
        const waveComplete = proxy.inFlight === concurrency || proxy.started.length === 6;
        if (held.length === proxy.inFlight && waveComplete) {
          const wave = held.splice(0).sort((a, b) => Number(b.chunk) - Number(a.chunk));
          // Once this gate is awaited too, so that the answers go in exactly this order.
          queueMicrotask(() => {
            for (const answer of wave) answer.release();
          });
        }
      });
    const progress: [number, number][] = [];
    const stored = await workspace(concurrency).putNew("parallèle/rapport.pdf", sourceOf(content), {
      onProgress: (sent, total) => progress.push([sent, total]),
    });

    expect(proxy.maxInFlight).toBe(concurrency);
    const answers = proxy.events.filter((event) => event.startsWith("answer"));
    expect(answers).toEqual([
      "answer 00003",
      "answer 00002",
      "answer 00001",
      "answer 00006",
      "answer 00005",
      "answer 00004",
    ]);
    expect(proxy.events.at(-1)).toBe("MOVE .file");
    expect(sha256(await readAll(await workspace(1).read(stored.path)))).toBe(sha256(content));
    expect(progress.every(([, total]) => total === content.length)).toBe(true);
    expect(progress.every(([sent], index) => index === 0 || sent > (progress[index - 1]?.[0] ?? 0))).toBe(
      true,
    );
    expect(progress.at(-1)).toEqual([content.length, content.length]);
    expect(await fake.uploadFolders()).toEqual([]);
  });

  it("l'échec d'un morceau arrête les morceaux en vol, n'en envoie pas d'autre et supprime le dossier d'envoi", async () => {
    fake.failNext({ kind: "status", status: 500 }, { method: "PUT", pathIncludes: "/00002" });
    // 00002's failure reaches the bot once 00003 has been sent; 00001 and 00003 are never answered.
    let releaseFailure: () => void = () => {};
    const failureMayGo = new Promise<void>((resolve) => {
      releaseFailure = resolve;
    });
    proxy.onStart = (chunk) => {
      if (chunk === "00003") releaseFailure();
    };
    proxy.gate = (chunk) => (chunk === "00002" ? failureMayGo : new Promise<void>(() => {}));
    await expect(
      workspace(3).putNew("parallèle/échec.pdf", sourceOf(pattern(5 * MB + 1))),
    ).rejects.toMatchObject({ code: "unavailable", status: 500 });

    expect(proxy.started.toSorted()).toEqual(["00001", "00002", "00003"]);
    // The bot closed the two requests still waiting for an answer (the proxy sees it on its own time).
    await proxy.until(["aborted 00001", "aborted 00003"]);
    expect(fake.requests.filter((r) => r.method === "MOVE")).toEqual([]);
    const deletes = fake.requests.filter((r) => r.method === "DELETE");
    expect(deletes.map((r) => r.path)).toEqual([
      expect.stringMatching(/^\/remote\.php\/dav\/uploads\/alice\/ctg-bot-[0-9a-f-]{36}$/),
    ]);
    expect(await fake.uploadFolders()).toEqual([]);
    expect((await fake.diskTree()).filter((entry) => entry.includes("échec"))).toEqual([]);
  });
});

describe("NextcloudWorkspace : morceaux lus chacun à son décalage (source qui sait lire une plage)", () => {
  let fake: FakeNextcloud;
  let dir: string;
  const workspace = (baseUrl = fake.baseUrl) =>
    new NextcloudWorkspace({
      baseUrl,
      user: fake.user,
      appPassword: fake.appPassword,
      chunkThresholdBytes: MB,
      chunkSizeBytes: MB,
      chunkConcurrency: 3,
      responseTimeoutMs: 10_000,
      sleep: async () => {},
    });
  /** The spool's own source for `content`, with every stream it opens written down. */
  const spooled = async (content: Buffer, name: string) => {
    const file = join(dir, name);
    await writeFile(file, content);
    const source = new Spool(dir).source(file, content.length);
    const opened: string[] = [];
    const { openRange } = source;
    if (openRange === undefined) throw new Error("the spool's source reads no ranges");
    return {
      opened,
      source: {
        size: source.size,
        open: () => {
          opened.push("open");
          return source.open();
        },
        openRange: (start: number, end: number) => {
          opened.push(`${start}-${end}`);
          return openRange(start, end);
        },
      } satisfies UploadSource,
    };
  };

  beforeAll(async () => {
    fake = await startFakeNextcloud();
    dir = await mkdtemp(join(tmpdir(), "ctg-ranges-"));
  });
  afterAll(async () => {
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it("assemble un fichier identique ; un morceau refusé (503) ne relit que sa plage", async () => {
    const content = pattern(5 * MB + 777); // 6 chunks
    const { source, opened } = await spooled(content, "plages.bin");
    fake.failNext(
      { kind: "status", status: 503, retryAfter: "0" },
      { method: "PUT", pathIncludes: "/00003" },
    );
    const progress: number[] = [];
    const stored = await workspace().putNew("plages/rapport.pdf", source, {
      onProgress: (sent) => progress.push(sent),
    });

    expect(sha256(await readAll(await workspace().read(stored.path)))).toBe(sha256(content));
    expect(opened).not.toContain("open");
    const third = `${2 * MB}-${3 * MB}`;
    expect(opened.filter((range) => range === third)).toHaveLength(2);
    expect(opened.toSorted()).toEqual(
      [
        `0-${MB}`,
        `${MB}-${2 * MB}`,
        third,
        third,
        `${3 * MB}-${4 * MB}`,
        `${4 * MB}-${5 * MB}`,
        `${5 * MB}-${content.length}`,
        // After the chunks: nothing beyond the announced size.
        `${content.length}-${content.length + 1}`,
      ].toSorted(),
    );
    expect(fake.requests.filter((r) => r.method === "PUT")).toHaveLength(7);
    expect(progress.at(-1)).toBe(content.length);
    expect(progress.every((sent, index) => index === 0 || sent > (progress[index - 1] ?? 0))).toBe(true);
    expect(await fake.uploadFolders()).toEqual([]);
  });

  it("un morceau dont la lecture traîne n'empêche pas les suivants de partir", async () => {
    const proxy = await startChunkProxy(fake.baseUrl);
    try {
      const content = pattern(4 * MB); // 4 chunks, 3 in flight
      const { source } = await spooled(content, "lent.bin");
      // The first chunk's bytes come only once chunks 2 and 3 have reached the server.
      let releaseFirst: () => void = () => {};
      const firstMayGo = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      const slowFirst: UploadSource = {
        ...source,
        openRange: (start, end) => {
          const stream = source.openRange(start, end);
          if (start !== 0) return stream;
          return Readable.from(
            (async function* () {
              await firstMayGo;
              yield* stream;
            })(),
          );
        },
      };
      void proxy.until(["start 00002", "start 00003"]).then(releaseFirst);
      const stored = await workspace(proxy.baseUrl).putNew("plages/lent.pdf", slowFirst);

      const started = proxy.events.filter((event) => event.startsWith("start"));
      expect(started.indexOf("start 00001")).toBeGreaterThan(started.indexOf("start 00002"));
      expect(started.indexOf("start 00001")).toBeGreaterThan(started.indexOf("start 00003"));
      expect(sha256(await readAll(await workspace().read(stored.path)))).toBe(sha256(content));
    } finally {
      await proxy.close();
    }
  });

  it.each([
    ["plus courte", -1000, "s'arrête à"],
    ["plus longue", 1000, "dépasse la taille annoncée"],
  ])(
    "une source %s que sa taille annoncée : erreur claire, dossier d'envoi supprimé, rien à destination",
    async (_how, delta, message) => {
      const announced = 3 * MB + 10;
      const { source } = await spooled(pattern(announced + delta), `taille${delta}.bin`);
      await expect(workspace().putNew("plages/taille.pdf", { ...source, size: announced })).rejects.toThrow(
        message,
      );
      expect(fake.requests.filter((r) => r.method === "MOVE")).toEqual([]);
      expect(fake.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
      expect(await fake.uploadFolders()).toEqual([]);
      expect((await fake.diskTree()).filter((entry) => entry.includes("taille"))).toEqual([]);
    },
  );
});

describe("NextcloudWorkspace : annulation pendant que la source est bloquée", () => {
  it.each([
    ["par morceaux", MB, 1],
    ["en un seul PUT", Number.POSITIVE_INFINITY, 0],
  ])(
    "un envoi %s annulé alors que la source ne donne plus rien s'arrête tout de suite",
    async (_how, chunkThresholdBytes, deletes) => {
      const fake = await startFakeNextcloud();
      try {
        const controller = new AbortController();
        // 1.5 MiB, then nothing more, ever (a download that stalled).
        const stalled: UploadSource = {
          size: 4 * MB,
          open: () => {
            let given = 0;
            return new Readable({
              read() {
                if (given >= 1.5 * MB) return;
                given += 256 * 1024;
                this.push(Buffer.alloc(256 * 1024, 7));
              },
            });
          },
        };
        const attempt = new NextcloudWorkspace({
          baseUrl: fake.baseUrl,
          user: fake.user,
          appPassword: fake.appPassword,
          chunkThresholdBytes,
          chunkSizeBytes: MB,
        }).putNew("bloqué/source.pdf", stalled, {
          signal: controller.signal,
          onProgress: (sent) => {
            // Everything the source had is sent: the request now waits for more, which never comes.
            if (sent === 1.5 * MB) {
              setImmediate(() => controller.abort(new Error("annulé pendant l'attente de la source")));
            }
          },
        });
        await expect(attempt).rejects.toThrow("annulé pendant l'attente de la source");
        // The upload folder of a chunked upload is deleted; nothing is left at the destination.
        expect(fake.requests.filter((r) => r.method === "DELETE")).toHaveLength(deletes);
        expect(await fake.uploadFolders()).toEqual([]);
        expect((await fake.diskTree()).filter((entry) => entry !== "bloqué")).toEqual([]);
      } finally {
        await fake.close();
      }
    },
    15_000,
  );
});

describe("DavHttp : plus de minuterie une fois la requête terminée", () => {
  it("un corps lu jusqu'au bout après la réponse (dernière écriture en attente de 'drain') n'arme pas de nouveau délai", async () => {
    // The server answers as soon as the headers arrive; the body ends only after that answer.
    let bodyEnded: () => void = () => {};
    const ended = new Promise<void>((resolve) => {
      bodyEnded = resolve;
    });
    const server = createServer((req, res) => {
      req.on("end", () => bodyEnded());
      req.resume();
      res.writeHead(201, { "content-length": 0 });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    const responseTimeoutMs = 987_654;
    const http = new DavHttp(
      resolveOptions({
        baseUrl: `http://127.0.0.1:${address.port}`,
        user: "alice",
        appPassword: "x",
        responseTimeoutMs,
      }),
    );
    let finishBody: () => void = () => {};
    const bodyMayEnd = new Promise<void>((resolve) => {
      finishBody = resolve;
    });
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    try {
      const response = await http.send({
        method: "PUT",
        url: `http://127.0.0.1:${address.port}/f.bin`,
        body: {
          bytes: (async function* () {
            yield Buffer.from("abc");
            await bodyMayEnd;
            yield Buffer.from("def");
          })(),
          length: 6,
        },
        what: "le fichier « f.bin »",
      });
      expect(response.status).toBe(201);
      const armedBefore = setTimeoutSpy.mock.calls.filter(([, ms]) => ms === responseTimeoutMs).length;
      finishBody();
      await ended;
      await response.discard();
      expect(setTimeoutSpy.mock.calls.filter(([, ms]) => ms === responseTimeoutMs)).toHaveLength(armedBefore);
    } finally {
      setTimeoutSpy.mockRestore();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
