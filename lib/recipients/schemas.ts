// The recipients API's shapes: validation, TypeScript types and the OpenAPI document all come from
// here. Isomorphic (no server imports): the SDK imports its types from this file.
//
// What leaves the server about a bank account is what a person would need to recognise it (bank,
// account name and type, last digits, routing number), never the account number or anything from
// Plaid (item, account id, access token): those stay ciphertext in the database.
import { z } from "zod";
import { LIST_FIELD_ERROR_CODES, listEnvelope, ListLimit, StartingAfter } from "../http/list-schemas";

const Timestamp = z.iso.datetime().meta({ description: "ISO-8601, UTC." });

export const PaymentMethod = z
  .object({
    id: z.string().meta({ example: "pm_01JZ8X5Q3W4E5R6T7Y8U9I0OPB" }),
    object: z.literal("payment_method"),
    type: z.literal("us_bank_account").meta({ description: "Only US bank accounts (ACH) today." }),
    bank_name: z.string().meta({ description: "The institution's name as the bank link reported it.", example: "First Platypus Bank" }),
    account_name: z.string().nullable().meta({ description: "The account's name at the bank, when it gave one.", example: "Plaid Checking" }),
    account_type: z.string().nullable().meta({ description: "The account subtype (e.g. `checking`, `savings`), when known.", example: "checking" }),
    mask: z.string().meta({ description: "The last digits of the account number; the full number is never returned.", example: "0000" }),
    routing_number: z.string().meta({ description: "The ABA routing number.", example: "011401533" }),
    name_match_score: z
      .int()
      .min(0)
      .max(100)
      .nullable()
      .meta({ description: "How well the account owner's name at the bank matched the claimant's (0–100); null when the bank returned no owner names." }),
    created_at: Timestamp,
  })
  .meta({ id: "PaymentMethod" });
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const Recipient = z
  .object({
    id: z.string().meta({ example: "rcp_01JZ8X5Q3W4E5R6T7Y8U9I0OPC" }),
    object: z.literal("recipient"),
    name: z.string().meta({ description: "The name the claimant entered." }),
    email: z.string().meta({ description: "The email the claimant entered, as entered." }),
    created_at: Timestamp,
    payment_methods: z.array(PaymentMethod).meta({ description: "The bank accounts this recipient connected, oldest first." }),
  })
  .meta({ id: "Recipient" });
export type Recipient = z.infer<typeof Recipient>;

export const RecipientList = listEnvelope(Recipient, "RecipientList");
export type RecipientList = z.infer<typeof RecipientList>;


export const EMAIL_FILTER_MAX_CHARS = 254;

/** How a stored recipient's email is normalised for lookups: the claim stores the same form. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const ListRecipientsQuery = z.strictObject({
  email: z
    .string()
    .min(1, { error: "email must not be empty" })
    .max(EMAIL_FILTER_MAX_CHARS, { error: `email must be at most ${EMAIL_FILTER_MAX_CHARS} characters` })
    // Control characters (NUL above all) cannot be in an address, and PostgreSQL refuses NUL in text.
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: "email must not contain control characters" })
    .optional()
    .meta({ description: "Only recipients with exactly this email, ignoring case and surrounding spaces." }),
  limit: ListLimit.optional(),
  starting_after: StartingAfter("recipient").optional(),
});
export type ListRecipientsQuery = z.infer<typeof ListRecipientsQuery>;

/** Which error code each query parameter's validation failures carry. */
export const RECIPIENT_FIELD_ERROR_CODES = {
  email: "email_invalid",
  ...LIST_FIELD_ERROR_CODES,
} as const;
