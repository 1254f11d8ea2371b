// The transactions API's shapes: validation, TypeScript types and the OpenAPI document all come from
// here. Isomorphic (no server imports): the SDK imports its types from this file.
//
// A transaction is the money movement behind a claimed link (today only payouts). It names the
// link, recipient and bank account by id and never carries an account number: the recipient's
// endpoint shows the account's bank and last digits.
import { z } from "zod";
import { LIST_FIELD_ERROR_CODES, listEnvelope, ListLimit, StartingAfter } from "../http/list-schemas";

const Timestamp = z.iso.datetime().meta({ description: "ISO-8601, UTC." });

export const TRANSACTION_KINDS = ["payout"] as const;
export const TransactionKind = z
  .enum(TRANSACTION_KINDS)
  .meta({ description: "`payout`: money sent to a link's claimant (the only kind today; more may be added)." });
export type TransactionKind = z.infer<typeof TransactionKind>;

export const TRANSACTION_STATUSES = ["queued", "processing", "settled", "failed", "returned"] as const;
export const TransactionStatus = z.enum(TRANSACTION_STATUSES, { error: `status must be one of ${TRANSACTION_STATUSES.join(", ")}` }).meta({
  description:
    "`queued`: waiting for the payout worker. `processing`: initiated on the rail, not settled yet. " +
    "`settled`: the money arrived (final unless the bank returns it). `failed`: the rail refused or could not complete it; " +
    "the amount is released. `returned`: it settled, then the receiving bank sent it back.",
});
export type TransactionStatus = z.infer<typeof TransactionStatus>;

export const Transaction = z
  .object({
    id: z.string().meta({ description: "`txn_…`: a claimed link's `transaction_id`.", example: "txn_01JZ8X5Q3W4E5R6T7Y8U9I0OPD" }),
    object: z.literal("transaction"),
    kind: TransactionKind,
    amount: z.int().meta({ description: "Amount in cents (USD): the link's amount.", example: 25_000 }),
    currency: z.literal("USD"),
    status: TransactionStatus,
    rail: z
      .string()
      .nullable()
      .meta({ description: "The payment rail that carries the money (e.g. `sandbox`, `plaid-transfer`); null until the worker picks it up.", example: "sandbox" }),
    rail_reference: z
      .string()
      .nullable()
      .meta({ description: "The rail's own id for this payment (e.g. the Plaid transfer id), for reconciling with the rail; null until initiated." }),
    failure_reason: z
      .string()
      .nullable()
      .meta({ description: "Why the payout failed or was returned, as the rail reported it; null otherwise." }),
    payout_link_id: z.string().meta({ description: "The `plink_…` link this payout pays.", example: "plink_01JZ8X5Q3W4E5R6T7Y8U9I0OPA" }),
    recipient_id: z.string().meta({ description: "The `rcp_…` recipient who claimed the link.", example: "rcp_01JZ8X5Q3W4E5R6T7Y8U9I0OPC" }),
    payment_method_id: z
      .string()
      .meta({ description: "The `pm_…` bank account the money goes to (one of the recipient's `payment_methods`).", example: "pm_01JZ8X5Q3W4E5R6T7Y8U9I0OPB" }),
    created_at: Timestamp.meta({ description: "When the payout was queued (the claim), ISO-8601, UTC." }),
    updated_at: Timestamp.meta({ description: "When the transaction last changed (e.g. its status), ISO-8601, UTC." }),
  })
  .meta({ id: "Transaction" });
export type Transaction = z.infer<typeof Transaction>;

export const TransactionList = listEnvelope(Transaction, "TransactionList");
export type TransactionList = z.infer<typeof TransactionList>;

export const ListTransactionsQuery = z.strictObject({
  status: TransactionStatus.optional().meta({ description: "Only transactions in this status." }),
  payout_link_id: z
    .string()
    .max(64, { error: "payout_link_id must be a payout link's plink_… id" })
    .optional()
    .meta({
      description:
        "Only the transactions of this link, by its `plink_…` id. A malformed id is refused; an id that is not one of this " +
        "organisation's links matches nothing.",
    }),
  limit: ListLimit.optional(),
  starting_after: StartingAfter("transaction").optional(),
});
export type ListTransactionsQuery = z.infer<typeof ListTransactionsQuery>;

/** Which error code each query parameter's validation failures carry. */
export const TRANSACTION_FIELD_ERROR_CODES = {
  status: "status_invalid",
  payout_link_id: "parameter_invalid",
  ...LIST_FIELD_ERROR_CODES,
} as const;
