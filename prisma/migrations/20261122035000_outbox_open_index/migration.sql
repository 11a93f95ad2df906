-- The sender's claim reads the head of each channel's queue among open items (pending or being
-- sent). Sent items pile up (a year at a thousand territories is hundreds of thousands of rows,
-- and every status change leaves a dead tuple behind): a partial index on the open ones keeps the
-- claim from scanning them. Prisma's schema language cannot express a partial index; it lives in
-- the migrations only (we never run `prisma migrate dev`, see ADR 0001).
CREATE INDEX "outbox_item_open_idx" ON "outbox_item" ("platform", "channel_id", "due_at", "key")
  WHERE "status" IN ('pending', 'sending');

-- A queue table: vacuum it as soon as a few percent of it changed, not at the default 20 %.
ALTER TABLE "outbox_item" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
