-- CreateEnum
CREATE TYPE "outbox_status" AS ENUM ('pending', 'sending', 'sent', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "territory" ADD COLUMN     "reminder_policy" JSONB;

-- AlterTable
ALTER TABLE "milestone" ADD COLUMN     "done_at" TIMESTAMPTZ(3),
ADD COLUMN     "postponed_to" DATE;

-- CreateTable
CREATE TABLE "subscription" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "kinds" TEXT[],
    "pilots" BOOLEAN NOT NULL DEFAULT false,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_item" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "territory_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "text" TEXT NOT NULL,
    "reply" JSONB NOT NULL,
    "status" "outbox_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_by" TEXT,
    "claimed_until" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduler_state" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scheduler_state_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "subscription_territory_id_platform_channel_id_key" ON "subscription"("territory_id", "platform", "channel_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_item_key_key" ON "outbox_item"("key");

-- CreateIndex
CREATE INDEX "outbox_item_status_next_attempt_at_idx" ON "outbox_item"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "outbox_item_territory_id_due_at_idx" ON "outbox_item"("territory_id", "due_at");

-- AddForeignKey
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_item" ADD CONSTRAINT "outbox_item_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;
