-- CreateEnum
CREATE TYPE "transaction_status" AS ENUM ('queued', 'processing', 'settled', 'failed', 'returned');

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "dedupe_recipients_by_email" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "min_name_match_score" INTEGER;

-- AlterTable
ALTER TABLE "payout_links" ADD COLUMN     "claim_public_token_hash" TEXT;

-- CreateTable
CREATE TABLE "recipients" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_normalized" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recipients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_methods" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "recipient_id" TEXT NOT NULL,
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
    "name_match_score" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_methods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "payout_link_id" TEXT NOT NULL,
    "recipient_id" TEXT NOT NULL,
    "payment_method_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'payout',
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "transaction_status" NOT NULL DEFAULT 'queued',
    "rail" TEXT,
    "rail_reference" TEXT,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "sandbox_link_tokens" (
    "token" TEXT NOT NULL,
    "client_user_id" TEXT NOT NULL,
    "client_name" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_link_tokens_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "sandbox_items" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "public_token_hash" TEXT NOT NULL,
    "public_token_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "access_token_hash" TEXT,
    "exchanged_at" TIMESTAMPTZ(3),
    "removed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recipients_organization_id_id_idx" ON "recipients"("organization_id", "id" DESC);

-- CreateIndex
CREATE INDEX "recipients_organization_id_email_normalized_idx" ON "recipients"("organization_id", "email_normalized");

-- CreateIndex
CREATE INDEX "payment_methods_recipient_id_idx" ON "payment_methods"("recipient_id");

-- CreateIndex
CREATE INDEX "transactions_organization_id_id_idx" ON "transactions"("organization_id", "id" DESC);

-- CreateIndex
CREATE INDEX "transactions_status_created_at_idx" ON "transactions"("status", "created_at");

-- CreateIndex
CREATE INDEX "transactions_payout_link_id_idx" ON "transactions"("payout_link_id");

-- CreateIndex
CREATE INDEX "rate_limit_counters_window_start_idx" ON "rate_limit_counters"("window_start");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_items_public_token_hash_key" ON "sandbox_items"("public_token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_items_access_token_hash_key" ON "sandbox_items"("access_token_hash");

-- AddForeignKey
ALTER TABLE "recipients" ADD CONSTRAINT "recipients_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "recipients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_payout_link_id_fkey" FOREIGN KEY ("payout_link_id") REFERENCES "payout_links"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "recipients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_payment_method_id_fkey" FOREIGN KEY ("payment_method_id") REFERENCES "payment_methods"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below (see the note in the first migration).

-- At most one live payout per link: a second queued, processing or settled transaction for the
-- same link fails here even if two claims somehow both got through.
CREATE UNIQUE INDEX "transactions_one_live_payout_per_link" ON "transactions"("payout_link_id") WHERE "status" IN ('queued', 'processing', 'settled');
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_min_name_match_score_range" CHECK ("min_name_match_score" IS NULL OR "min_name_match_score" BETWEEN 0 AND 100);
