-- CreateEnum
CREATE TYPE "deposit_status" AS ENUM ('pending', 'succeeded', 'failed');

-- AlterTable
ALTER TABLE "ledger_entries" ADD COLUMN     "deposit_id" TEXT;

-- CreateTable
CREATE TABLE "funding_sources" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "institution_id" TEXT,
    "institution_name" TEXT NOT NULL,
    "account_name" TEXT,
    "account_subtype" TEXT,
    "mask" TEXT NOT NULL,
    "routing_number" TEXT NOT NULL,
    "account_number_ciphertext" TEXT NOT NULL,
    "plaid_item_id" TEXT,
    "plaid_account_id" TEXT,
    "plaid_access_token_ciphertext" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removed_at" TIMESTAMPTZ(3),

    CONSTRAINT "funding_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deposits" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "funding_account_id" TEXT NOT NULL,
    "funding_source_id" TEXT,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT,
    "status" "deposit_status" NOT NULL DEFAULT 'pending',
    "rail" TEXT NOT NULL,
    "rail_reference" TEXT,
    "failure_reason" TEXT,
    "next_check_at" TIMESTAMPTZ(3),
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "rail_error_count" INTEGER NOT NULL DEFAULT 0,
    "last_rail_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "succeeded_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),

    CONSTRAINT "deposits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_transfer_authorizations" (
    "id" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "ach_class" TEXT,
    "amount" TEXT NOT NULL,
    "legal_name" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "rationale_code" TEXT,
    "rationale_text" TEXT,
    "outcome" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_transfer_authorizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_plaid_transfers" (
    "id" TEXT NOT NULL,
    "authorization_id" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "ach_class" TEXT,
    "amount" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "legal_name" TEXT NOT NULL,
    "metadata" JSONB,
    "status" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "failure_code" TEXT,
    "ach_return_code" TEXT,
    "failure_text" TEXT,
    "auto_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_plaid_transfers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_transfer_events" (
    "id" BIGSERIAL NOT NULL,
    "transfer_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "transfer_type" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "failure_code" TEXT,
    "ach_return_code" TEXT,
    "failure_text" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_transfer_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "funding_sources_organization_id_id_idx" ON "funding_sources"("organization_id", "id" DESC);

-- CreateIndex
CREATE INDEX "deposits_organization_id_id_idx" ON "deposits"("organization_id", "id" DESC);

-- CreateIndex
CREATE INDEX "deposits_organization_id_status_idx" ON "deposits"("organization_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_transfer_authorizations_idempotency_key_key" ON "sandbox_transfer_authorizations"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_plaid_transfers_authorization_id_key" ON "sandbox_plaid_transfers"("authorization_id");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_plaid_transfers_idempotency_key_key" ON "sandbox_plaid_transfers"("idempotency_key");

-- CreateIndex
CREATE INDEX "sandbox_plaid_transfers_auto_at_idx" ON "sandbox_plaid_transfers"("auto_at");

-- CreateIndex
CREATE INDEX "sandbox_transfer_events_transfer_id_id_idx" ON "sandbox_transfer_events"("transfer_id", "id");

-- AddForeignKey
ALTER TABLE "funding_sources" ADD CONSTRAINT "funding_sources_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_funding_account_id_fkey" FOREIGN KEY ("funding_account_id") REFERENCES "funding_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_funding_source_id_fkey" FOREIGN KEY ("funding_source_id") REFERENCES "funding_sources"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written below (see the note in the first migration).

-- One credit per deposit object: whatever races (two workers, a retried request), a deposit is
-- credited at most once.
CREATE UNIQUE INDEX "ledger_entries_one_credit_per_deposit" ON "ledger_entries"("deposit_id") WHERE "deposit_id" IS NOT NULL;
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_deposit_id_only_on_deposits"
  CHECK ("deposit_id" IS NULL OR "kind" = 'deposit');

ALTER TABLE "deposits" ADD CONSTRAINT "deposits_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_currency_usd" CHECK ("currency" = 'USD');
-- The deposit worker's pick: due rows only, oldest first.
CREATE INDEX "deposits_due_idx" ON "deposits"("next_check_at") WHERE "next_check_at" IS NOT NULL;
