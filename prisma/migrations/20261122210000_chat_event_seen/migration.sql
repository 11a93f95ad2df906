-- CreateTable
CREATE TABLE "chat_event_seen" (
    "platform" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_event_seen_pkey" PRIMARY KEY ("platform","key")
);

-- CreateIndex
CREATE INDEX "chat_event_seen_seen_at_idx" ON "chat_event_seen"("seen_at");
