-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ledger_entry_kind" AS ENUM ('deposit', 'hold', 'release', 'debit');

-- CreateEnum
CREATE TYPE "payout_link_status" AS ENUM ('pending', 'claimed', 'completed', 'expired', 'cancelled');

-- CreateTable
CREATE TABLE "organizations" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "max_link_amount" INTEGER NOT NULL,
    "default_link_ttl_seconds" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "capabilities" TEXT[],
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "funding_accounts" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "is_default" BOOLEAN NOT NULL DEFAULT true,
    "available" BIGINT NOT NULL DEFAULT 0,
    "held" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "funding_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "funding_account_id" TEXT NOT NULL,
    "kind" "ledger_entry_kind" NOT NULL,
    "amount" BIGINT NOT NULL,
    "payout_link_id" TEXT,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_links" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "funding_account_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_ciphertext" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" "payout_link_status" NOT NULL DEFAULT 'pending',
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "expired_at" TIMESTAMPTZ(3),
    "recipient_id" TEXT,
    "transaction_id" TEXT,
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "last_failure" TEXT,

    CONSTRAINT "payout_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "organization_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER NOT NULL,
    "response_body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("organization_id","key")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject_id" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"("secret_hash");

-- CreateIndex
CREATE INDEX "api_keys_organization_id_idx" ON "api_keys"("organization_id");

-- CreateIndex
CREATE INDEX "funding_accounts_organization_id_idx" ON "funding_accounts"("organization_id");

-- CreateIndex
CREATE INDEX "ledger_entries_funding_account_id_id_idx" ON "ledger_entries"("funding_account_id", "id");

-- CreateIndex
CREATE INDEX "ledger_entries_payout_link_id_idx" ON "ledger_entries"("payout_link_id");

-- CreateIndex
CREATE UNIQUE INDEX "payout_links_token_hash_key" ON "payout_links"("token_hash");

-- CreateIndex
CREATE INDEX "payout_links_organization_id_id_idx" ON "payout_links"("organization_id", "id" DESC);

-- CreateIndex
CREATE INDEX "payout_links_organization_id_status_id_idx" ON "payout_links"("organization_id", "status", "id" DESC);

-- CreateIndex
CREATE INDEX "payout_links_status_expires_at_idx" ON "payout_links"("status", "expires_at");

-- CreateIndex
CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records"("created_at");

-- CreateIndex
CREATE INDEX "audit_events_organization_id_id_idx" ON "audit_events"("organization_id", "id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "funding_accounts" ADD CONSTRAINT "funding_accounts_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_funding_account_id_fkey" FOREIGN KEY ("funding_account_id") REFERENCES "funding_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_links" ADD CONSTRAINT "payout_links_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payout_links" ADD CONSTRAINT "payout_links_funding_account_id_fkey" FOREIGN KEY ("funding_account_id") REFERENCES "funding_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below: invariants Prisma's schema language cannot express. Keep them when adding
-- migrations (db:new-migration diffs the models only and leaves these alone).

-- Money can never go negative, whatever the code above it does.
ALTER TABLE "funding_accounts" ADD CONSTRAINT "funding_accounts_available_nonnegative" CHECK ("available" >= 0);
ALTER TABLE "funding_accounts" ADD CONSTRAINT "funding_accounts_held_nonnegative" CHECK ("held" >= 0);
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "payout_links" ADD CONSTRAINT "payout_links_amount_positive" CHECK ("amount" > 0);

-- A link's hold is placed once and closed (released or debited) once: a second release or debit
-- for the same link fails here even if a bug let two transitions through.
CREATE UNIQUE INDEX "ledger_entries_one_hold_per_link" ON "ledger_entries"("payout_link_id") WHERE "kind" = 'hold';
CREATE UNIQUE INDEX "ledger_entries_one_close_per_link" ON "ledger_entries"("payout_link_id") WHERE "kind" IN ('release', 'debit');
