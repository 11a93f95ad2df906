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
import { type NextcloudWorkspaceOptions, resolveOptions } from "../../src/workspace/nextcloud/options.ts";
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
  /**
   * The spool's own source for `content` (reading 64 KiB at a time, so that a chunk of 1 MiB reuses
   * its buffer 16 times), with every range it reads written down. Each lent chunk is scribbled
   * over as soon as the next one is asked for: a request that asked for more before its socket had
   * taken a chunk would send the scribbles, and the file would not be the same.
   */
  const spooled = async (content: Buffer, name: string) => {
    const file = join(dir, name);
    await writeFile(file, content);
    const source = new Spool(dir, { readBufferBytes: 64 * 1024 }).source(file, content.length);
    const opened: string[] = [];
    const { readRange } = source;
    if (readRange === undefined) throw new Error("the spool's source reads no ranges");
    return {
      opened,
      source: {
        size: source.size,
        open: () => {
          opened.push("open");
          return source.open();
        },
        readRange: (start: number, end: number) => {
          opened.push(`${start}-${end}`);
          return (async function* () {
            for await (const bytes of readRange(start, end)) {
              yield bytes;
              bytes.fill(0xaa);
            }
          })();
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
        readRange: (start, end) => {
          const bytes = source.readRange(start, end);
          if (start !== 0) return bytes;
          return (async function* () {
            await firstMayGo;
            yield* bytes;
          })();
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

  it("le même fichier du spool envoyé en un seul PUT arrive intact, lu sans copie", async () => {
    const content = pattern(3 * MB + 333);
    const { source, opened } = await spooled(content, "entier.bin");
    const ws = new NextcloudWorkspace({
      baseUrl: fake.baseUrl,
      user: fake.user,
      appPassword: fake.appPassword,
      chunkThresholdBytes: Number.POSITIVE_INFINITY,
    });
    const stored = await ws.putNew("plages/entier.pdf", source);
    expect(sha256(await readAll(await ws.read(stored.path)))).toBe(sha256(content));
    // One byte past the size is asked for, so that a source longer than announced is caught.
    expect(opened.filter((range) => range !== "open")).toEqual(
      expect.arrayContaining([`0-${content.length + 1}`]),
    );
    expect(opened).not.toContain("open");
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

describe("NextcloudWorkspace : taille des morceaux et envois en vol, ceux que Nextcloud annonce", () => {
  const servers: FakeNextcloud[] = [];
  const start = async (options: Parameters<typeof startFakeNextcloud>[0] = {}) => {
    const fake = await startFakeNextcloud(options);
    servers.push(fake);
    return fake;
  };
  const workspace = (fake: FakeNextcloud, extra: Partial<NextcloudWorkspaceOptions> = {}) =>
    new NextcloudWorkspace({
      baseUrl: fake.baseUrl,
      user: fake.user,
      appPassword: fake.appPassword,
      chunkThresholdBytes: MB,
      sleep: async () => {},
      ...extra,
    });
  /** The Content-Length of every chunk PUT, in chunk order. */
  const chunkLengths = (fake: FakeNextcloud) =>
    fake.requests
      .filter((r) => r.method === "PUT" && r.path.includes("/uploads/"))
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .map((r) => Number(r.headers["content-length"]));
  const capabilityRequests = (fake: FakeNextcloud) =>
    fake.requests.filter((r) => r.path.startsWith("/ocs/v2.php/cloud/capabilities"));

  afterAll(async () => {
    await Promise.all(servers.map((fake) => fake.close()));
  });

  it("Nextcloud annonce 100 Mio : un fichier de 12 Mio part en un seul morceau ; l'annonce est relue au bout d'une heure", async () => {
    const fake = await start();
    let now = Date.parse("2026-03-12T09:00:00Z");
    const ws = workspace(fake, { now: () => now });
    const content = pattern(12 * MB);
    const stored = await ws.putNew("plan/gros.pdf", sourceOf(content));
    expect(chunkLengths(fake)).toEqual([12 * MB]);
    expect(sha256(await readAll(await ws.read(stored.path)))).toBe(sha256(content));
    await ws.putNew("plan/gros-2.pdf", sourceOf(content));
    expect(capabilityRequests(fake)).toHaveLength(1);
    expect(capabilityRequests(fake)[0]?.headers["ocs-apirequest"]).toBe("true");
    now += 3_600_000;
    await ws.putNew("plan/gros-3.pdf", sourceOf(content));
    expect(capabilityRequests(fake)).toHaveLength(2);
  });

  it("un administrateur qui annonce 6 Mio et 2 envois en parallèle est suivi", async () => {
    const fake = await start({ chunkedUpload: { max_size: 6 * MB, max_parallel_count: 2 } });
    const proxy = await startChunkProxy(fake.baseUrl);
    try {
      // Answers are held until two chunks are in flight (or the last one has started).
      const held: (() => void)[] = [];
      proxy.gate = () =>
        new Promise<void>((release) => {
          held.push(release);
          if (proxy.inFlight === 2 || proxy.started.length === 4)
            for (const answer of held.splice(0)) answer();
        });
      const content = pattern(20 * MB + 5);
      const stored = await workspace(fake, { baseUrl: proxy.baseUrl, responseTimeoutMs: 10_000 }).putNew(
        "plan/annonce.pdf",
        sourceOf(content),
      );
      expect(chunkLengths(fake)).toEqual([6 * MB, 6 * MB, 6 * MB, 2 * MB + 5]);
      expect(proxy.maxInFlight).toBe(2);
      expect(sha256(await readAll(await workspace(fake).read(stored.path)))).toBe(sha256(content));
    } finally {
      await proxy.close();
    }
  });

  it("sans annonce (Nextcloud 30) : morceaux de 10 Mio", async () => {
    const fake = await start({ chunkedUpload: null });
    await workspace(fake).putNew("plan/ancien.pdf", sourceOf(pattern(12 * MB)));
    expect(chunkLengths(fake)).toEqual([10 * MB, 2 * MB]);
  });

  it("envoi par morceaux désactivé (taille 0) : un seul PUT, sans dossier d'envoi", async () => {
    const fake = await start({ chunkedUpload: { max_size: 0, max_parallel_count: 5 } });
    const content = pattern(3 * MB);
    await workspace(fake).ensureFolder("plan");
    const stored = await workspace(fake).putNew("plan/entier.pdf", sourceOf(content));
    expect(fake.requests.filter((r) => r.path.includes("/uploads/"))).toEqual([]);
    expect(fake.requests.filter((r) => r.method === "PUT").map((r) => r.headers["content-length"])).toEqual([
      String(3 * MB),
    ]);
    expect(sha256(await readAll(await workspace(fake).read(stored.path)))).toBe(sha256(content));
  });

  it.each([
    ["une erreur 500", 500],
    ["un 429 (protection contre les attaques par force brute)", 429],
  ])(
    "des capacités illisibles (%s) : une seule demande, puis morceaux de 10 Mio, et le fichier arrive",
    async (_what, status) => {
      const fake = await start();
      fake.failNext({ kind: "status", status }, { pathIncludes: "/cloud/capabilities" });
      const content = pattern(12 * MB);
      const stored = await workspace(fake).putNew("plan/repli.pdf", sourceOf(content));
      expect(capabilityRequests(fake)).toHaveLength(1);
      expect(chunkLengths(fake)).toEqual([10 * MB, 2 * MB]);
      expect(sha256(await readAll(await workspace(fake).read(stored.path)))).toBe(sha256(content));
    },
  );

  it("des options fixées ne demandent rien au serveur", async () => {
    const fake = await start({ chunkedUpload: { max_size: 0, max_parallel_count: 1 } });
    await workspace(fake, { chunkSizeBytes: MB, chunkConcurrency: 2 }).putNew(
      "plan/fixe.pdf",
      sourceOf(pattern(2 * MB + 1)),
    );
    expect(capabilityRequests(fake)).toEqual([]);
    expect(chunkLengths(fake)).toEqual([MB, MB, 1]);
  });
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
