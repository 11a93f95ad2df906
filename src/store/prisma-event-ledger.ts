import type { EventLedger } from "../core/inbound/event-ledger.ts";
import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Old rows are deleted at most this often, by whichever process records an event then. */
const PRUNE_EVERY_MS = 3600 * 1000;

interface Waiting {
  platform: string;
  key: string;
  settle(first: boolean): void;
  fail(error: unknown): void;
}

/**
 * The ledger in the database: INSERT … ON CONFLICT DO NOTHING decides, so two replicas that
 * receive the same event at once get one `true` between them. The events that arrive together
 * (one /sync's worth, a burst of Slack requests) are recorded in one statement: the keys it
 * inserted are the first times; within a batch, the same key twice is a first time once.
 */
export class PrismaEventLedger implements EventLedger {
  readonly #prisma: PrismaClient;
  readonly #clock: () => Date;
  #prunedAt = 0;
  #waiting: Waiting[] = [];

  constructor(prisma: PrismaClient, clock: () => Date = () => new Date()) {
    this.#prisma = prisma;
    this.#clock = clock;
  }

  firstTime(platform: string, key: string): Promise<boolean> {
    return new Promise((settle, fail) => {
      this.#waiting.push({ platform, key, settle, fail });
      // The next turn of the event loop: what arrived meanwhile goes in the same statement.
      if (this.#waiting.length === 1) setImmediate(() => void this.#record());
    });
  }

  async #record(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    const now = this.#clock();
    try {
      const distinct = new Map<string, { platform: string; key: string }>();
      for (const w of batch) distinct.set(`${w.platform}\n${w.key}`, { platform: w.platform, key: w.key });
      const rows = [...distinct.values()].map((r) => Prisma.sql`(${r.platform}, ${r.key}, ${now})`);
      const inserted = await this.#prisma.$queryRaw<{ platform: string; key: string }[]>`
        INSERT INTO chat_event_seen (platform, key, seen_at) VALUES ${Prisma.join(rows)}
        ON CONFLICT DO NOTHING RETURNING platform, key`;
      const fresh = new Set(inserted.map((r) => `${r.platform}\n${r.key}`));
      for (const w of batch) {
        const id = `${w.platform}\n${w.key}`;
        w.settle(fresh.delete(id));
      }
      if (now.getTime() - this.#prunedAt > PRUNE_EVERY_MS) {
        this.#prunedAt = now.getTime();
        await this.#prisma.chatEventSeen.deleteMany({
          where: { seenAt: { lt: new Date(now.getTime() - WEEK_MS) } },
        });
      }
    } catch (error) {
      for (const w of batch) w.fail(error);
    }
  }
}
