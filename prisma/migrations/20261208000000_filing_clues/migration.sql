-- The words that described a filed document (message, file name, title line), and those of a
-- corrected one: the next document that shares the telling words goes where a person moved it.
ALTER TABLE "filed_document" ADD COLUMN "clues" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "filing_correction" ADD COLUMN "words" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
