import "server-only";
import type { Prisma } from "../db/generated/client";
import { publicId } from "../ids";
import type { Transaction, TransactionKind } from "./schemas";

/**
 * The columns the API shows, and only those: read by name, so columns the worker keeps for itself
 * (leases, attempts) are neither read nor sent.
 */
export const TRANSACTION_SELECT = {
  id: true,
  kind: true,
  amount: true,
  currency: true,
  status: true,
  rail: true,
  railReference: true,
  failureReason: true,
  payoutLinkId: true,
  recipientId: true,
  paymentMethodId: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TransactionSelect;

export type TransactionRow = Prisma.TransactionGetPayload<{ select: typeof TRANSACTION_SELECT }>;

export function serializeTransaction(row: TransactionRow): Transaction {
  return {
    id: publicId("transaction", row.id),
    object: "transaction",
    kind: row.kind as TransactionKind,
    amount: row.amount,
    currency: row.currency as "USD",
    status: row.status,
    rail: row.rail,
    rail_reference: row.railReference,
    failure_reason: row.failureReason,
    payout_link_id: publicId("payoutLink", row.payoutLinkId),
    recipient_id: publicId("recipient", row.recipientId),
    payment_method_id: publicId("paymentMethod", row.paymentMethodId),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
