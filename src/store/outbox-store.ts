import type { Occurrence } from "../domain/reminders/types.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { CLAIMED_COLUMNS, type ClaimedItem, parseClaimedRows } from "./outbox-row.ts";

export type { ClaimedItem } from "./outbox-row.ts";

export interface OutboxStats {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  cancelled: number;
  oldestPendingDueAt: Date | null;
}

export interface ReplanResult {
  /** Pending items of the window no longer planned. */
  cancelled: number;
  /** Keys never seen before. */
  inserted: number;
  /** Cancelled items planned again (a date moved, then moved back): pending once more. */
  revived: number;
}

/** Rows per INSERT and ids per UPDATE, well under PostgreSQL's 65,535 parameters. */
const BATCH = 500;
const ERROR_MAX = 2000;

/**
 * Claims due items for one owner: pending and due, or `sending` with an expired lease (its owner
 * crashed). SKIP LOCKED lets several processes claim at once without waiting on, or taking, each
 * other's rows; the whole claim is one statement, so it is atomic without a transaction.
 * $1 owner, $2 claimed_until, $3 now, $4 limit.
 */
const CLAIM_SQL = `UPDATE outbox_item
SET status = 'sending', claimed_by = $1, claimed_until = $2::timestamptz, attempts = attempts + 1
WHERE id IN (
  SELECT id FROM outbox_item
  WHERE (status = 'pending' AND next_attempt_at <= $3::timestamptz)
     OR (status = 'sending' AND claimed_until < $3::timestamptz)
  ORDER BY due_at, key
  LIMIT $4
  FOR UPDATE SKIP LOCKED
)
RETURNING ${CLAIMED_COLUMNS}`;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Last occurrence of each key wins, so one batch never holds a key twice. */
function uniqueByKey(occurrences: Occurrence[]): Occurrence[] {
  return [...new Map(occurrences.map((o) => [o.key, o])).values()];
}

/** The Reply as Prisma's JSON input (an interface has no index signature; its blocks do). */
const replyJson = (o: Occurrence) => ({ blocks: o.reply.blocks.map((b) => ({ ...b })) });

const clip = (error: string) => (error.length > ERROR_MAX ? `${error.slice(0, ERROR_MAX)}…` : error);

/**
 * The durable outbox: each reminder occurrence is one row keyed by its unique key, so planning
 * twice never posts twice, and a row once `sent` is never touched again. Every time comes from
 * the caller (`now`, `at`): nothing here reads the wall clock.
 */
export class OutboxStore {
  readonly kind: "pglite" | "postgres";
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient, options: { kind: "pglite" | "postgres" }) {
    this.prisma = prisma;
    this.kind = options.kind;
  }

  /** Inserts the occurrences whose key is new, whatever the status of existing ones; returns how many. */
  async enqueue(territoryId: string, occurrences: Occurrence[]): Promise<number> {
    let inserted = 0;
    for (const batch of chunks(uniqueByKey(occurrences), BATCH)) {
      // createMany + skipDuplicates is INSERT … ON CONFLICT DO NOTHING: the unique key (and the
      // fresh uuid) are the only constraints, so only keys already present are skipped.
      const { count } = await this.prisma.outboxItem.createMany({
        skipDuplicates: true,
        data: batch.map((o) => ({
          key: o.key,
          territoryId,
          platform: o.channel.platform,
          channelId: o.channel.channelId,
          kind: o.kind,
          ref: o.ref,
          dueAt: o.at,
          nextAttemptAt: o.at,
          text: o.text,
          reply: replyJson(o),
        })),
      });
      inserted += count;
    }
    return inserted;
  }

  /**
   * After a date changed: pending items of the territory due in [from, to) that `keep` no longer
   * lists are cancelled; cancelled items `keep` lists again become pending; new keys are inserted.
   * Items being sent, sent or failed are left alone: nothing is ever sent twice.
   */
  async replan(
    territoryId: string,
    keep: Occurrence[],
    window: { from: Date; to: Date },
  ): Promise<ReplanResult> {
    const planned = uniqueByKey(keep);
    const keepKeys = new Set(planned.map((o) => o.key));
    const pending = await this.prisma.outboxItem.findMany({
      where: { territoryId, status: "pending", dueAt: { gte: window.from, lt: window.to } },
      select: { id: true, key: true },
    });
    const stale = pending.filter((p) => !keepKeys.has(p.key)).map((p) => p.id);
    let cancelled = 0;
    for (const ids of chunks(stale, BATCH)) {
      // status is checked again: an item claimed meanwhile is already on its way.
      const { count } = await this.prisma.outboxItem.updateMany({
        where: { id: { in: ids }, status: "pending" },
        data: { status: "cancelled" },
      });
      cancelled += count;
    }
    const revived = await this.revive(territoryId, planned);
    const inserted = await this.enqueue(territoryId, planned);
    return { cancelled, inserted, revived };
  }

  private async revive(territoryId: string, planned: Occurrence[]): Promise<number> {
    const byKey = new Map(planned.map((o) => [o.key, o]));
    let revived = 0;
    for (const keys of chunks([...byKey.keys()], BATCH)) {
      const rows = await this.prisma.outboxItem.findMany({
        where: { territoryId, status: "cancelled", key: { in: keys } },
        select: { id: true, key: true },
      });
      for (const row of rows) {
        const o = byKey.get(row.key);
        if (o === undefined) continue;
        const { count } = await this.prisma.outboxItem.updateMany({
          where: { id: row.id, status: "cancelled" },
          data: {
            status: "pending",
            dueAt: o.at,
            nextAttemptAt: o.at,
            text: o.text,
            reply: replyJson(o),
            attempts: 0,
            lastError: null,
            claimedBy: null,
            claimedUntil: null,
          },
        });
        revived += count;
      }
    }
    return revived;
  }

  /** Atomically leases up to `limit` due items to `owner` until now + leaseMs, oldest due first. */
  async claim(owner: string, now: Date, options: { limit: number; leaseMs: number }): Promise<ClaimedItem[]> {
    if (options.limit <= 0) return [];
    const until = new Date(now.getTime() + options.leaseMs);
    const rows = await this.prisma.$queryRawUnsafe<unknown[]>(
      CLAIM_SQL,
      owner,
      until.toISOString(),
      now.toISOString(),
      Math.floor(options.limit),
    );
    return parseClaimedRows(rows);
  }

  /** Marks a claimed item sent; false when the lease is no longer this owner's. */
  async markSent(id: string, owner: string, now: Date): Promise<boolean> {
    return this.settle(id, owner, { status: "sent", sentAt: now, claimedUntil: null });
  }

  /**
   * Puts a claimed item back for a later try. `countAttempt: false` gives back the attempt the
   * claim counted (rate limited, or held back for the channel's pace: the platform never refused it).
   */
  async retryLater(
    id: string,
    owner: string,
    at: Date,
    error: string,
    options: { countAttempt?: boolean } = {},
  ): Promise<boolean> {
    return this.settle(id, owner, {
      status: "pending",
      nextAttemptAt: at,
      claimedUntil: null,
      lastError: clip(error),
      ...(options.countAttempt === false ? { attempts: { decrement: 1 } } : {}),
    });
  }

  /** Gives up on a claimed item; false when the lease is no longer this owner's. */
  async markFailed(id: string, owner: string, error: string): Promise<boolean> {
    return this.settle(id, owner, { status: "failed", claimedUntil: null, lastError: clip(error) });
  }

  private async settle(
    id: string,
    owner: string,
    data: Parameters<PrismaClient["outboxItem"]["updateMany"]>[0]["data"],
  ): Promise<boolean> {
    // Only the current owner of a live claim may settle it: a lease taken over by another
    // process (ours expired) is theirs now.
    const { count } = await this.prisma.outboxItem.updateMany({
      where: { id, claimedBy: owner, status: "sending" },
      data,
    });
    return count === 1;
  }

  async stats(): Promise<OutboxStats> {
    const [groups, oldest] = await Promise.all([
      this.prisma.outboxItem.groupBy({ by: ["status"], _count: { _all: true } }),
      this.prisma.outboxItem.aggregate({ where: { status: "pending" }, _min: { dueAt: true } }),
    ]);
    const stats: OutboxStats = {
      pending: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      cancelled: 0,
      oldestPendingDueAt: oldest._min.dueAt,
    };
    for (const g of groups) stats[g.status] = g._count._all;
    return stats;
  }

  /** A small durable fact of the scheduler (e.g. how far a territory is planned), or null. */
  async getState(key: string): Promise<string | null> {
    const row = await this.prisma.schedulerState.findUnique({ where: { key } });
    return row?.value ?? null;
  }

  async setState(key: string, value: string): Promise<void> {
    await this.prisma.schedulerState.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
}
