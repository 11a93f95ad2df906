import type { EventLedger } from "../core/inbound/event-ledger.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Old rows are deleted at most this often, by whichever process records an event then. */
const PRUNE_EVERY_MS = 3600 * 1000;

/**
 * The ledger in the database: one INSERT … ON CONFLICT DO NOTHING decides, so two replicas that
 * receive the same event at once get one `true` between them.
 */
export class PrismaEventLedger implements EventLedger {
  readonly #prisma: PrismaClient;
  readonly #clock: () => Date;
  #prunedAt = 0;

  constructor(prisma: PrismaClient, clock: () => Date = () => new Date()) {
    this.#prisma = prisma;
    this.#clock = clock;
  }

  async firstTime(platform: string, key: string): Promise<boolean> {
    const now = this.#clock();
    const inserted = await this.#prisma.$executeRaw`
      INSERT INTO chat_event_seen (platform, key, seen_at) VALUES (${platform}, ${key}, ${now})
      ON CONFLICT DO NOTHING`;
    if (now.getTime() - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = now.getTime();
      await this.#prisma.chatEventSeen.deleteMany({
        where: { seenAt: { lt: new Date(now.getTime() - WEEK_MS) } },
      });
    }
    return inserted === 1;
  }
}
