import "server-only";
import type { PaymentMethod as PaymentMethodRow, Prisma, Recipient as RecipientRow } from "../db/generated/client";
import { publicId } from "../ids";
import type { PaymentMethod, Recipient } from "./schemas";

/**
 * What the serializer needs read with each recipient. Prisma loads the payment methods of a whole
 * page in one more query (`recipient_id IN (…)`, on its index), not one per recipient; oldest
 * first, as they were connected.
 */
export const RECIPIENT_INCLUDE = { paymentMethods: { orderBy: { id: "asc" } } } satisfies Prisma.RecipientInclude;

export type RecipientWithPaymentMethods = RecipientRow & { paymentMethods: PaymentMethodRow[] };

/** Field by field on purpose: the row also holds the account number and Plaid ciphertext, which never leave. */
export function serializePaymentMethod(row: PaymentMethodRow): PaymentMethod {
  return {
    id: publicId("paymentMethod", row.id),
    object: "payment_method",
    type: "us_bank_account",
    bank_name: row.institutionName,
    account_name: row.accountName,
    account_type: row.accountSubtype,
    mask: row.mask,
    routing_number: row.routingNumber,
    name_match_score: row.nameMatchScore,
    created_at: row.createdAt.toISOString(),
  };
}

export function serializeRecipient(row: RecipientWithPaymentMethods): Recipient {
  return {
    id: publicId("recipient", row.id),
    object: "recipient",
    name: row.name,
    email: row.email,
    created_at: row.createdAt.toISOString(),
    payment_methods: row.paymentMethods.map(serializePaymentMethod),
  };
}
