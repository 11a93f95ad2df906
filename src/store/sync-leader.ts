import pg from "pg";
import type { LeaderCallbacks, SyncLeader } from "../core/sync-leader.ts";

/** The lock key: any 64-bit number unique to this use (`hashtext` of the name, computed by the server). */
const LOCK_NAME = "ctg-bot:sync-leader:";

/**
 * One process at a time runs a platform's sync loop (Matrix): the holder of a PostgreSQL
 * session-level advisory lock, on a connection of its own. The others try again every
 * `retryMs`; when the holder dies, its connection closes, the lock is released and another one
 * takes it on its next try (so within `retryMs`). The holder checks its connection every `retryMs`
 * too and steps down if it is gone. With the embedded database there is one process: it leads.
 */
export async function electLeader(
  options: { url: string; name: string; retryMs?: number },
  callbacks: LeaderCallbacks,
): Promise<SyncLeader> {
  const retryMs = options.retryMs ?? 10_000;
  let client: pg.Client | null = null;
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const drop = async () => {
    const old = client;
    client = null;
    await old?.end().catch(() => {});
  };

  const attempt = async () => {
    if (stopped) return;
    try {
      if (leading) {
        // Still holding it? A lost connection released the lock on the server.
        await client?.query("SELECT 1");
        return;
      }
      if (client === null) {
        const fresh = new pg.Client({ connectionString: options.url });
        fresh.on("error", (error) => callbacks.onError?.(error));
        await fresh.connect();
        client = fresh;
      }
      const result = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock(hashtext($1)) AS locked",
        [LOCK_NAME + options.name],
      );
      if (result.rows[0]?.locked === true && !stopped) {
        leading = true;
        await callbacks.lead();
      }
    } catch (error) {
      callbacks.onError?.(error);
      if (leading) {
        leading = false;
        await callbacks.stepDown().catch((e: unknown) => callbacks.onError?.(e));
      }
      await drop();
    }
  };

  const loop = async () => {
    await attempt();
    if (!stopped) timer = setTimeout(() => void loop(), retryMs);
  };
  await attempt();
  if (!stopped) timer = setTimeout(() => void loop(), retryMs);

  return {
    get leading() {
      return leading;
    },
    check: attempt,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (leading) {
        leading = false;
        await callbacks.stepDown().catch((e: unknown) => callbacks.onError?.(e));
      }
      // Closing the session releases the lock.
      await drop();
    },
  };
}
