import { z } from "zod";
import type { Occurrence } from "../core/reminders/occurrence.ts";
import type { ChannelRef } from "../domain/reminders/types.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { ClaimedItem, Outbox, ReplanResult } from "../scheduler/outbox.ts";
import { CLAIMED_COLUMNS, parseClaimedRows } from "./outbox-row.ts";

export type { ClaimedItem, ReplanResult } from "../scheduler/outbox.ts";

export interface OutboxStats {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  cancelled: number;
  oldestPendingDueAt: Date | null;
}

const replanResultSchema = z.object({
  cancelled: z.number().int(),
  inserted: z.number().int(),
  revived: z.number().int(),
  updated: z.number().int(),
});

/** Rows per INSERT and ids per UPDATE, well under PostgreSQL's 65,535 parameters. */
const BATCH = 500;
const ERROR_MAX = 2000;

/**
 * Claims due items for one owner, at most one per channel: the head of each channel's queue
 * (earliest due first), so a channel's reminders go out in order, one at a time, and a channel
 * held back (paced, rate limited, backing off) does not let its later items overtake. A head is
 * pending and due, or `sending` with an expired lease (its owner stopped: the outcome of its try
 * is unknown, hence `previous_status`). A channel whose head is being sent under a live lease is
 * skipped. SKIP LOCKED lets several processes claim at once without waiting on, or taking, each
 * other's rows; the outer conditions are checked again on the locked row, so a row claimed and
 * committed meanwhile by another process is not taken twice. The heads are computed once
 * (MATERIALIZED, then `= ANY(ARRAY(…))`, an init plan): with stale statistics the planner would
 * otherwise re-run the DISTINCT ON for every open row.
 * $1 owner, $2 claimed_until, $3 now, $4 limit, $5 channels to leave alone ([[platform, id]…]).
 */
const CLAIM_SQL = `WITH heads AS MATERIALIZED (
  SELECT DISTINCT ON (platform, channel_id) id, status, next_attempt_at, claimed_until
  FROM outbox_item
  WHERE status IN ('pending', 'sending') AND due_at <= $3::timestamptz
    AND (platform, channel_id) NOT IN (SELECT c->>0, c->>1 FROM jsonb_array_elements($5::jsonb) AS c)
  ORDER BY platform, channel_id, due_at, key
), picked AS (
  SELECT o.id, o.status AS previous_status
  FROM outbox_item o
  WHERE o.id = ANY (ARRAY(
      SELECT h.id FROM heads h
      WHERE (h.status = 'pending' AND h.next_attempt_at <= $3::timestamptz)
         OR (h.status = 'sending' AND h.claimed_until < $3::timestamptz)))
    AND ((o.status = 'pending' AND o.next_attempt_at <= $3::timestamptz)
      OR (o.status = 'sending' AND o.claimed_until < $3::timestamptz))
  ORDER BY o.due_at, o.key
  LIMIT $4
  FOR UPDATE OF o SKIP LOCKED
)
UPDATE outbox_item
SET status = 'sending', claimed_by = $1, claimed_until = $2::timestamptz, attempts = outbox_item.attempts + 1
FROM picked
WHERE outbox_item.id = picked.id
RETURNING ${CLAIMED_COLUMNS.split(", ")
  .map((c) => `outbox_item.${c}`)
  .join(", ")}, picked.previous_status`;

/** The occurrences as one JSON parameter, read back by `jsonb_to_recordset(… AS p(PLANNED_COLUMNS))`. */
const PLANNED_COLUMNS =
  "key text, platform text, channel_id text, kind text, ref text, due_at timestamptz, text text, reply jsonb";
const plannedJson = (occurrences: Occurrence[]) =>
  JSON.stringify(
    occurrences.map((o) => ({
      key: o.key,
      platform: o.channel.platform,
      channel_id: o.channel.channelId,
      kind: o.kind,
      ref: o.ref,
      due_at: o.at.toISOString(),
      text: o.text,
      reply: o.reply,
    })),
  );

/** $1 territory, $2 planned (JSON). New keys only; existing ones are left as they are. */
const ENQUEUE_SQL = `INSERT INTO outbox_item (id, key, territory_id, platform, channel_id, kind, ref, due_at, next_attempt_at, text, reply)
SELECT gen_random_uuid(), p.key, $1::uuid, p.platform, p.channel_id, p.kind, p.ref, p.due_at, p.due_at, p.text, p.reply
FROM jsonb_to_recordset($2::jsonb) AS p(${PLANNED_COLUMNS})
ORDER BY p.key
ON CONFLICT (key) DO NOTHING`;

/**
 * One statement for a replan. $1 territory, $2 planned (JSON), $3 window start, $4 window end.
 * - pending items of the territory due in the window that the plan no longer has: cancelled;
 * - planned keys never seen: inserted;
 * - planned keys pending or cancelled: brought up to date (time, text), cancelled ones pending
 *   again with a fresh count of attempts; a pending item whose time did not change keeps its
 *   next try (a back-off in progress);
 * - items being sent, sent or failed are never touched: nothing is sent twice.
 * The CTEs see the table as it was before the statement, so `revivable` lists the cancelled ones.
 */
const REPLAN_SQL = `WITH planned AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS p(${PLANNED_COLUMNS})
), revivable AS (
  SELECT o.key FROM outbox_item o JOIN planned p ON p.key = o.key
  WHERE o.territory_id = $1::uuid AND o.status = 'cancelled'
), cancelled AS (
  UPDATE outbox_item o SET status = 'cancelled'
  WHERE o.territory_id = $1::uuid AND o.status = 'pending'
    AND o.due_at >= $3::timestamptz AND o.due_at < $4::timestamptz
    AND NOT EXISTS (SELECT 1 FROM planned p WHERE p.key = o.key)
  RETURNING o.key
), upserted AS (
  INSERT INTO outbox_item AS o (id, key, territory_id, platform, channel_id, kind, ref, due_at, next_attempt_at, text, reply)
  SELECT gen_random_uuid(), p.key, $1::uuid, p.platform, p.channel_id, p.kind, p.ref, p.due_at, p.due_at, p.text, p.reply
  FROM planned p
  ORDER BY p.key
  ON CONFLICT (key) DO UPDATE SET
    due_at = EXCLUDED.due_at,
    next_attempt_at = CASE WHEN o.status = 'cancelled' OR o.due_at <> EXCLUDED.due_at
      THEN EXCLUDED.next_attempt_at ELSE o.next_attempt_at END,
    text = EXCLUDED.text,
    reply = EXCLUDED.reply,
    kind = EXCLUDED.kind,
    ref = EXCLUDED.ref,
    attempts = CASE WHEN o.status = 'cancelled' THEN 0 ELSE o.attempts END,
    last_error = CASE WHEN o.status = 'cancelled' THEN NULL ELSE o.last_error END,
    claimed_by = CASE WHEN o.status = 'cancelled' THEN NULL ELSE o.claimed_by END,
    claimed_until = CASE WHEN o.status = 'cancelled' THEN NULL ELSE o.claimed_until END,
    status = 'pending'
  WHERE o.territory_id = EXCLUDED.territory_id
    AND (o.status = 'cancelled'
      OR (o.status = 'pending' AND (o.due_at <> EXCLUDED.due_at OR o.text <> EXCLUDED.text OR o.reply <> EXCLUDED.reply)))
  RETURNING o.key, (o.xmax = 0) AS inserted
)
SELECT
  (SELECT count(*) FROM cancelled)::int AS cancelled,
  (SELECT count(*) FROM upserted WHERE inserted)::int AS inserted,
  (SELECT count(*) FROM upserted u WHERE NOT u.inserted AND u.key IN (SELECT key FROM revivable))::int AS revived,
  (SELECT count(*) FROM upserted u WHERE NOT u.inserted AND u.key NOT IN (SELECT key FROM revivable))::int AS updated`;

/** $1 ids (JSON array), $2 owner, $3 sent at. Only live claims of this owner. */
const MARK_SENT_SQL = `UPDATE outbox_item SET status = 'sent', sent_at = $3::timestamptz, claimed_until = NULL
WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid) AND claimed_by = $2 AND status = 'sending'`;

/** $1 entries (JSON array of {key, value}), $2 now. */
const SET_STATES_SQL = `INSERT INTO scheduler_state (key, value, updated_at)
SELECT s.key, s.value, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS s(key text, value text)
ORDER BY s.key
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Last occurrence of each key wins, so one batch never holds a key twice. */
function uniqueByKey(occurrences: Occurrence[]): Occurrence[] {
  return [...new Map(occurrences.map((o) => [o.key, o])).values()];
}

/**
 * Runs one statement again when PostgreSQL aborted it for a deadlock or a serialization failure
 * (Prisma's P2034): two processes planning the same territory at the same moment. Each statement
 * is atomic and idempotent, so running it again is safe.
 */
async function retryOnConflict<T>(statement: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== "P2034" || attempt >= attempts) throw error;
    }
  }
}

const clip = (error: string) => (error.length > ERROR_MAX ? `${error.slice(0, ERROR_MAX)}…` : error);

/**
 * The durable outbox: each reminder occurrence is one row keyed by its unique key, so planning
 * twice never posts twice, and a row once `sent` is never touched again. Every time comes from
 * the caller (`now`, `at`): nothing here reads the wall clock.
 */
export class OutboxStore implements Outbox {
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
      const json = plannedJson(batch);
      inserted += await retryOnConflict(() => this.prisma.$executeRawUnsafe(ENQUEUE_SQL, territoryId, json));
    }
    return inserted;
  }

  /**
   * After a date changed: pending items of the territory due in [from, to) that `keep` no longer
   * lists are cancelled; cancelled items `keep` lists again become pending; pending ones follow a
   * new time or wording; new keys are inserted. One statement, so one round trip per territory.
   * Items being sent, sent or failed are left alone: nothing is ever sent twice.
   */
  async replan(
    territoryId: string,
    keep: Occurrence[],
    window: { from: Date; to: Date },
  ): Promise<ReplanResult> {
    const json = plannedJson(uniqueByKey(keep));
    const rows = await retryOnConflict(() =>
      this.prisma.$queryRawUnsafe<unknown[]>(
        REPLAN_SQL,
        territoryId,
        json,
        window.from.toISOString(),
        window.to.toISOString(),
      ),
    );
    return replanResultSchema.parse(rows[0]);
  }

  /**
   * Atomically leases up to `limit` due items to `owner` until now + leaseMs, oldest due first,
   * one per channel; `skipChannels` (posted to a moment ago by this process) are left for later.
   */
  async claim(
    owner: string,
    now: Date,
    options: { limit: number; leaseMs: number; skipChannels?: ChannelRef[] },
  ): Promise<ClaimedItem[]> {
    if (options.limit <= 0) return [];
    const until = new Date(now.getTime() + options.leaseMs);
    const skip = (options.skipChannels ?? []).map((c) => [c.platform, c.channelId]);
    const rows = await this.prisma.$queryRawUnsafe<unknown[]>(
      CLAIM_SQL,
      owner,
      until.toISOString(),
      now.toISOString(),
      Math.floor(options.limit),
      JSON.stringify(skip),
    );
    return parseClaimedRows(rows);
  }

  /** Marks a claimed item sent; false when the lease is no longer this owner's. */
  async markSent(id: string, owner: string, now: Date): Promise<boolean> {
    return (await this.markSentMany([id], owner, now)) === 1;
  }

  /** Marks claimed items sent in one statement; returns how many were still this owner's. */
  async markSentMany(ids: string[], owner: string, now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    return this.prisma.$executeRawUnsafe(MARK_SENT_SQL, JSON.stringify(ids), owner, now.toISOString());
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

  /** Every scheduler fact whose key starts with `prefix`, in one query. */
  async statesStartingWith(prefix: string): Promise<Map<string, string>> {
    const rows = await this.prisma.schedulerState.findMany({
      where: { key: { startsWith: prefix } },
      select: { key: true, value: true },
    });
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  /** Writes several facts in one statement. */
  async setStates(entries: Map<string, string>, now: Date): Promise<void> {
    for (const batch of chunks([...entries], BATCH)) {
      const json = JSON.stringify(batch.map(([key, value]) => ({ key, value })));
      await retryOnConflict(() => this.prisma.$executeRawUnsafe(SET_STATES_SQL, json, now.toISOString()));
    }
  }
}
