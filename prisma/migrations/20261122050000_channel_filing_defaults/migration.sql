-- AlterTable
ALTER TABLE "channel_binding" ADD COLUMN     "filing_defaults" JSONB;
