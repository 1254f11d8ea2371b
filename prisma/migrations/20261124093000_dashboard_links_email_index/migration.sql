-- Hand-written: the email index without its WHERE clause. ANALYZE keeps statistics for the
-- expressions of non-partial indexes only; without them the planner guessed 0.5% of a million
-- links per address and merge-joined along the whole primary key (~0.4-0.6 s per email search at
-- a million links, docs/benchmarks.md). NULL emails cost a little index space.
DROP INDEX "payout_links_recipient_email_idx";
CREATE INDEX "payout_links_recipient_email_idx" ON "payout_links"("organization_id", lower("recipient_email"), "id" DESC);
