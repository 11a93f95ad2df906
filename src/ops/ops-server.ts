import { createServer, type Server } from "node:http";
import type { BotMetrics } from "./metrics.ts";

/** One dependency /readyz checks: resolves when it is usable, throws (or times out) otherwise. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

export interface OpsServer {
  port: number;
  /** Shutting down: /readyz answers 503 so a load balancer sends nothing more here. */
  drain(): void;
  close(): Promise<void>;
}

/**
 * The operations endpoints: `/healthz` (the process answers), `/readyz` (every dependency — the
 * database, the workspace, each chat platform — answered within `timeoutMs`; 503 with the failing
 * ones otherwise, in JSON), `/metrics` (Prometheus text format). `port` 0 picks a free one.
 */
export async function startOpsServer(options: {
  port: number;
  host?: string;
  metrics: BotMetrics;
  checks: readonly ReadinessCheck[];
  timeoutMs?: number;
}): Promise<OpsServer> {
  const timeoutMs = options.timeoutMs ?? 2000;
  let draining = false;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    void (async () => {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      if (path === "/healthz") {
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("ok\n");
        return;
      }
      if (path === "/readyz" && draining) {
        res
          .writeHead(503, { "content-type": "application/json" })
          .end(JSON.stringify({ ready: false, draining: true, checks: {} }));
        return;
      }
      if (path === "/readyz") {
        const results = await Promise.all(
          options.checks.map(async (c) => [c.name, await settle(c.check, timeoutMs)] as const),
        );
        const failed = results.filter(([, outcome]) => outcome !== "ok");
        res
          .writeHead(failed.length === 0 ? 200 : 503, { "content-type": "application/json" })
          .end(JSON.stringify({ ready: failed.length === 0, checks: Object.fromEntries(results) }));
        return;
      }
      if (path === "/metrics") {
        const { contentType, body } = await options.metrics.render();
        res.writeHead(200, { "content-type": contentType }).end(body);
        return;
      }
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : options.port,
    drain: () => {
      draining = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** "ok", or why not (English, for operators), within `timeoutMs`. */
async function settle(check: () => Promise<unknown>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return "ok";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}
