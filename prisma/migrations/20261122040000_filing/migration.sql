-- CreateEnum
CREATE TYPE "filing_status" AS ENUM ('filed', 'parked', 'spooled', 'failed');

-- CreateTable
CREATE TABLE "filed_document" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "status" "filing_status" NOT NULL,
    "path" TEXT NOT NULL,
    "file_id" TEXT,
    "url" TEXT,
    "original_name" TEXT NOT NULL,
    "type" TEXT,
    "instance" TEXT,
    "action" TEXT,
    "commune" TEXT,
    "date" DATE,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "filed_by" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "message_id" TEXT,
    "choices" JSONB,
    "spool_path" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "filed_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "filing_correction" (
    "id" UUID NOT NULL,
    "territory_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "type" TEXT,
    "folder" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "filing_correction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "filed_document_territory_id_action_idx" ON "filed_document"("territory_id", "action");

-- CreateIndex
CREATE INDEX "filed_document_status_next_attempt_at_idx" ON "filed_document"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "filed_document_territory_id_sha256_key" ON "filed_document"("territory_id", "sha256");

-- CreateIndex
CREATE INDEX "filing_correction_territory_id_created_at_idx" ON "filing_correction"("territory_id", "created_at");

-- AddForeignKey
ALTER TABLE "filed_document" ADD CONSTRAINT "filed_document_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "filing_correction" ADD CONSTRAINT "filing_correction_territory_id_fkey" FOREIGN KEY ("territory_id") REFERENCES "territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;
