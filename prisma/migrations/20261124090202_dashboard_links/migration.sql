-- AlterTable
ALTER TABLE "payout_links" ADD COLUMN     "recipient_email" TEXT;

-- CreateIndex
CREATE INDEX "payout_links_organization_id_recipient_id_idx" ON "payout_links"("organization_id", "recipient_id");

-- Hand-written: the dashboard's search at a million links per organisation (see docs/benchmarks.md).
-- Description words: full-text on the 'simple' configuration (no stemming or stop words, so ids,
-- order numbers and names match as typed; prefix queries use the same index). Built into
-- PostgreSQL, so PGlite runs this migration with no extension to load (pg_trgm would need one).
CREATE INDEX "payout_links_description_fts_idx" ON "payout_links" USING GIN (to_tsvector('simple', "description"));
-- The email a link was sent to, compared case-insensitively, newest first within the organisation.
CREATE INDEX "payout_links_recipient_email_idx" ON "payout_links"("organization_id", lower("recipient_email"), "id" DESC) WHERE "recipient_email" IS NOT NULL;
ALTER TABLE "payout_links" ADD CONSTRAINT "payout_links_recipient_email_length" CHECK (char_length("recipient_email") <= 254);
