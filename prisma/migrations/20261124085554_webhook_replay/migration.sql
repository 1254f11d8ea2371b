-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "attempts_before_replay" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "replayed_at" TIMESTAMPTZ(3);
