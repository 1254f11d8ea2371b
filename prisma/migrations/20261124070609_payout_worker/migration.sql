-- AlterEnum
ALTER TYPE "ledger_entry_kind" ADD VALUE 'reversal';

-- AlterTable
ALTER TABLE "ledger_entries" ADD COLUMN     "transaction_id" TEXT;

-- AlterTable
ALTER TABLE "transactions" ADD COLUMN     "failed_at" TIMESTAMPTZ(3),
ADD COLUMN     "initiated_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_rail_error" TEXT,
ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "lease_owner" TEXT,
ADD COLUMN     "next_check_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "rail_error_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "returned_at" TIMESTAMPTZ(3),
ADD COLUMN     "settled_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "sandbox_transfers" (
    "id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "routing_number" TEXT NOT NULL,
    "mask" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settles_at" TIMESTAMPTZ(3) NOT NULL,
    "returns_at" TIMESTAMPTZ(3),

    CONSTRAINT "sandbox_transfers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_transfers_idempotency_key_key" ON "sandbox_transfers"("idempotency_key");

-- Hand-written below (see the note in the first migration). The new enum value is not named in
-- any statement here: PostgreSQL refuses to use an enum value in the transaction that added it.

-- Rows that were already past the worker's reach when this column arrived have nothing to do.
UPDATE "transactions" SET "next_check_at" = NULL WHERE "status" NOT IN ('queued', 'processing');

-- The payout worker's pick: due rows only, oldest first.
CREATE INDEX "transactions_due_idx" ON "transactions"("next_check_at") WHERE "next_check_at" IS NOT NULL;

-- A link can now be paid, returned (the reversal holds its amount again) and paid again, so the
-- old "one release-or-debit per link" becomes: one release per link (a release ends the link for
-- good: cancel, expiry), and at most one debit and one reversal per payout transaction. verifyLedger
-- checks the rest: per link, holds + reversals = debits + releases + (1 while pending or claimed).
DROP INDEX "ledger_entries_one_close_per_link";
CREATE UNIQUE INDEX "ledger_entries_one_release_per_link" ON "ledger_entries"("payout_link_id") WHERE "kind" = 'release';
CREATE UNIQUE INDEX "ledger_entries_one_kind_per_transaction" ON "ledger_entries"("transaction_id", "kind") WHERE "transaction_id" IS NOT NULL;
-- A reversal always names its payout (reversal is the value not listed). The worker's debits name
-- theirs too; the CHECK leaves debits alone so rows written before transaction_id existed stay valid.
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_reversal_names_transaction"
  CHECK ("kind" IN ('deposit', 'hold', 'release', 'debit') OR "transaction_id" IS NOT NULL);

ALTER TABLE "sandbox_transfers" ADD CONSTRAINT "sandbox_transfers_amount_positive" CHECK ("amount" > 0);
