// The funding API's shapes (funding sources and deposits): validation, TypeScript types and the
// OpenAPI document all come from here. Isomorphic (no server imports): the SDK imports its types
// from this file.
import { z } from "zod";
import { LIST_FIELD_ERROR_CODES, listEnvelope, ListLimit, StartingAfter } from "../http/list-schemas";
import { Amount, Currency, Description } from "../payout-links/schemas";

const Timestamp = z.iso.datetime().meta({ description: "ISO-8601, UTC." });

/**
 * The largest single deposit, in cents ($100,000.00). Deposits are not capped by the per-link cap
 * (they fund many links); this bound catches a mistyped amount (cents for dollars) before it moves
 * real money, and keeps any balance far inside PostgreSQL's bigint.
 */
export const DEPOSIT_MAX_AMOUNT = 10_000_000;

export const FundingSource = z
  .object({
    id: z.string().meta({ example: "fs_01JZ8X5Q3W4E5R6T7Y8U9I0OPG" }),
    object: z.literal("funding_source"),
    type: z.literal("us_bank_account"),
    bank_name: z.string().meta({ example: "First Platypus Bank" }),
    account_name: z.string().nullable().meta({ example: "Plaid Checking" }),
    account_type: z.string().nullable().meta({ description: "The account's subtype at the bank, e.g. `checking`.", example: "checking" }),
    mask: z.string().meta({ description: "The account number's last digits; the full number is never shown.", example: "0000" }),
    routing_number: z.string().meta({ example: "011401533" }),
    created_at: Timestamp,
  })
  .meta({ id: "FundingSource" });
export type FundingSource = z.infer<typeof FundingSource>;

export const FundingSourceList = listEnvelope(FundingSource, "FundingSourceList");
export type FundingSourceList = z.infer<typeof FundingSourceList>;

export const ListFundingSourcesQuery = z.strictObject({
  limit: ListLimit.optional(),
  starting_after: StartingAfter("funding source").optional(),
});
export type ListFundingSourcesQuery = z.infer<typeof ListFundingSourcesQuery>;

export const FundingLinkToken = z
  .object({
    object: z.literal("link_token"),
    link_token: z.string().meta({ description: "Open Plaid Link with it (react-plaid-link's `token`)." }),
    expiration: Timestamp,
    sandbox: z.boolean().meta({ description: "true when the built-in sandbox bank answers in Plaid's place (no real money)." }),
  })
  .meta({ id: "FundingLinkToken" });
export type FundingLinkToken = z.infer<typeof FundingLinkToken>;

export const LinkFundingSourceInput = z
  .strictObject({
    public_token: z
      .string({ error: "public_token must be a string" })
      .min(1, { error: "public_token must not be empty" })
      .max(200, { error: "public_token is too long" })
      .meta({ description: "The public token Plaid Link's onSuccess gave (single use, 30 minutes)." }),
    account_id: z
      .string({ error: "account_id must be a string" })
      .min(1, { error: "account_id must not be empty" })
      .max(200, { error: "account_id is too long" })
      .meta({ description: "The account chosen in Link (`metadata.accounts[0].id`)." }),
  })
  .meta({ id: "LinkFundingSourceRequest" });
export type LinkFundingSourceInput = z.infer<typeof LinkFundingSourceInput>;

export const FUNDING_SOURCE_FIELD_ERROR_CODES = {
  public_token: "public_token_invalid",
  account_id: "account_not_found",
  ...LIST_FIELD_ERROR_CODES,
} as const;

export const DEPOSIT_STATUSES = ["pending", "succeeded", "failed"] as const;
export const DepositStatus = z.enum(DEPOSIT_STATUSES, { error: `status must be one of ${DEPOSIT_STATUSES.join(", ")}` }).meta({
  description:
    "`pending`: the money is on its way (counted in the balance's `pending`). `succeeded`: credited to `available`. " +
    "`failed`: declined, failed or returned before it was credited; nothing was credited.",
});
export type DepositStatus = z.infer<typeof DepositStatus>;

export const CreateDepositInput = z
  .strictObject({
    amount: Amount.refine((a) => a <= DEPOSIT_MAX_AMOUNT, {
      error: `amount must be at most ${DEPOSIT_MAX_AMOUNT} cents ($100,000.00) per deposit`,
      params: { code: "amount_too_large" },
    }).meta({
      description: "Amount in cents (USD), a positive integer, at most 10,000,000 ($100,000.00) per deposit.",
      example: 1_000_000,
    }),
    currency: Currency,
    funding_source_id: z
      .string({ error: "funding_source_id must be a funding source's fs_… id" })
      .max(64, { error: "funding_source_id must be a funding source's fs_… id" })
      .optional()
      .meta({
        description:
          "The linked bank account (`fs_…`) to pull the money from. Required on the plaid-transfer rail; on the sandbox rail " +
          "it is optional and only recorded.",
      }),
    description: Description.optional().meta({ description: "Your note, returned as given (at most 1000 characters).", example: "Top-up for November" }),
  })
  .meta({ id: "CreateDepositRequest" });
export type CreateDepositInput = z.infer<typeof CreateDepositInput>;

export const Deposit = z
  .object({
    id: z.string().meta({ example: "dep_01JZ8X5Q3W4E5R6T7Y8U9I0OPH" }),
    object: z.literal("deposit"),
    amount: z.int().meta({ description: "Amount in cents (USD).", example: 1_000_000 }),
    currency: z.literal("USD"),
    status: DepositStatus,
    rail: z.string().meta({ description: "`sandbox` (credited at once, no money moves) or `plaid-transfer` (an ACH debit of the funding source).", example: "sandbox" }),
    sandbox: z.boolean().meta({ description: "true for a sandbox deposit: credited at once, no money moved." }),
    funding_source_id: z.string().nullable().meta({ description: "The `fs_…` account the money comes from; null for a sandbox deposit without one." }),
    description: z.string().nullable(),
    rail_reference: z.string().nullable().meta({ description: "The rail's id for the transfer (e.g. the Plaid transfer id); null on the sandbox rail." }),
    failure_reason: z.string().nullable().meta({ description: "Why the deposit failed, as the rail reported it; null otherwise." }),
    created_at: Timestamp,
    succeeded_at: Timestamp.nullable(),
    failed_at: Timestamp.nullable(),
  })
  .meta({ id: "Deposit" });
export type Deposit = z.infer<typeof Deposit>;

export const DepositList = listEnvelope(Deposit, "DepositList");
export type DepositList = z.infer<typeof DepositList>;

export const ListDepositsQuery = z.strictObject({
  status: DepositStatus.optional().meta({ description: "Only deposits in this status." }),
  limit: ListLimit.optional(),
  starting_after: StartingAfter("deposit").optional(),
});
export type ListDepositsQuery = z.infer<typeof ListDepositsQuery>;

/** Which error code each field's validation failures carry (unless a check names its own). */
export const DEPOSIT_FIELD_ERROR_CODES = {
  amount: "amount_invalid",
  currency: "currency_unsupported",
  funding_source_id: "parameter_invalid",
  description: "description_invalid",
  status: "status_invalid",
  ...LIST_FIELD_ERROR_CODES,
} as const;
