import type { PrismaClient } from "../generated/prisma/client.ts";

const DAY_MS = 24 * 3600 * 1000;

/** The configuration's AUDIT_RETENTION_DAYS and OUTBOX_RETENTION_DAYS. */
export interface RetentionSettings {
  auditRetentionDays: number;
  /** At least 30 (as the configuration requires). */
  outboxRetentionDays: number;
}

export interface PurgeReport {
  /** Audit entries deleted. */
  audit: number;
  /** Outbox items deleted. */
  outbox: number;
  /** Old sent or failed items kept as bare markers (text and message erased), see `purgeExpired`. */
  outboxCompacted: number;
  /** Chat events older than a week forgotten (platform retries are long over). */
  chatEvents: number;
}

/**
 * Kinds whose key holds the date the reminder is about (`event:2026-12-15:J-14:…`, an overdue
 * notice's day, a digest's day, a catch-up's day): once that time has passed it can never be
 * planned again, so a sent item of these kinds is safe to delete.
 */
const DATE_BOUND_KINDS = ["event", "overdue", "digest"];

/**
 * A downtime makes the scheduler plan again from its last tick of the territory: nothing planned
 * after that tick (give or take the sender's lag, hence this margin) is deleted.
 */
const LAST_TICK_MARGIN_MS = DAY_MS;

/**
 * $1 cutoff (retention), $2 now, $3 margin in ms, $4 date-bound kinds (JSON array).
 * A cancelled item was never delivered: deleting it is what a later replan would undo anyway
 * (it revives cancelled items), so it goes once past the cutoff. A sent or failed one goes only
 * if its key is date-bound and its due date is before the territory's last tick.
 */
const DELETE_OUTBOX_SQL = `DELETE FROM outbox_item o
USING territory t
WHERE t.id = o.territory_id
  AND o.due_at < $1::timestamptz
  AND (o.status = 'cancelled'
    OR (o.status IN ('sent', 'failed')
      AND o.kind IN (SELECT jsonb_array_elements_text($4::jsonb))
      AND o.due_at < COALESCE(
        (SELECT s.value::timestamptz FROM scheduler_state s WHERE s.key = 'last-tick:' || t.slug),
        $2::timestamptz) - ($3::double precision * interval '1 millisecond')))`;

/** $1 cutoff, $2 date-bound kinds (JSON array). */
const COMPACT_OUTBOX_SQL = `UPDATE outbox_item
SET text = '', reply = '{"blocks":[]}'::jsonb, last_error = NULL
WHERE status IN ('sent', 'failed') AND due_at < $1::timestamptz
  AND kind NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
  AND (text <> '' OR last_error IS NOT NULL)`;

/**
 * Deletes what is kept longer than the settings say: audit entries older than
 * `auditRetentionDays`; cancelled, sent and failed reminders due more than `outboxRetentionDays`
 * ago; chat events seen more than a week ago. Pending and in-flight reminders are never touched.
 *
 * The outbox key is what makes a reminder go out exactly once: a sent item is the proof. So a sent
 * or failed item is deleted only when its key can never be planned again — its kind is date-bound
 * (`DATE_BOUND_KINDS`) and it is older than the territory's last planning tick (after a downtime
 * the scheduler plans from there). The others (échéance steps `milestone:11@2023-01-01:J-7:…`,
 * convention end and notice steps, the yearly référents reminder) keep the same key when a date
 * moves — `rappel reporter`, an avenant — and would be sent again: they stay, reduced to their key
 * and status (text and message erased). Safe to run in several processes at once.
 */
export async function purgeExpired(
  prisma: PrismaClient,
  now: Date,
  settings: RetentionSettings,
): Promise<PurgeReport> {
  if (!Number.isInteger(settings.auditRetentionDays) || settings.auditRetentionDays < 1)
    throw new RangeError("auditRetentionDays must be a whole number of days, at least 1");
  if (!Number.isInteger(settings.outboxRetentionDays) || settings.outboxRetentionDays < 30)
    throw new RangeError("outboxRetentionDays must be a whole number of days, at least 30");
  const auditBefore = new Date(now.getTime() - settings.auditRetentionDays * DAY_MS);
  const outboxBefore = new Date(now.getTime() - settings.outboxRetentionDays * DAY_MS);
  const kinds = JSON.stringify(DATE_BOUND_KINDS);
  const audit = await prisma.auditEntry.deleteMany({ where: { at: { lt: auditBefore } } });
  const outbox = await prisma.$executeRawUnsafe(
    DELETE_OUTBOX_SQL,
    outboxBefore.toISOString(),
    now.toISOString(),
    LAST_TICK_MARGIN_MS,
    kinds,
  );
  const outboxCompacted = await prisma.$executeRawUnsafe(
    COMPACT_OUTBOX_SQL,
    outboxBefore.toISOString(),
    kinds,
  );
  const chatEvents = await prisma.chatEventSeen.deleteMany({
    where: { seenAt: { lt: new Date(now.getTime() - 7 * DAY_MS) } },
  });
  return { audit: audit.count, outbox, outboxCompacted, chatEvents: chatEvents.count };
}
