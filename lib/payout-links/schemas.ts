// The payout-link API's shapes: validation, TypeScript types and the OpenAPI document all come from
// here. Isomorphic (no server imports): the SDK imports its types from this file.
import { z } from "zod";
import { LIST_FIELD_ERROR_CODES, LIST_LIMITS, listEnvelope, ListLimit, StartingAfter } from "../http/list-schemas";

/** Bounds that do not depend on configuration; the configured maximum TTL is checked in lib. */
export const LIMITS = {
  descriptionMaxChars: 1000,
  metadataMaxKeys: 50,
  metadataKeyMaxChars: 40,
  metadataValueMaxChars: 500,
  ttlMinSeconds: 60,
  ttlCeilingSeconds: 365 * 24 * 3600,
  listMaxLimit: LIST_LIMITS.max,
  listDefaultLimit: LIST_LIMITS.default,
} as const;

export const PAYOUT_LINK_STATUSES = ["pending", "claimed", "completed", "expired", "cancelled"] as const;
export const PayoutLinkStatus = z.enum(PAYOUT_LINK_STATUSES);
export type PayoutLinkStatus = z.infer<typeof PayoutLinkStatus>;

/** Length in characters (code points), as a person counts them, not UTF-16 units. */
const charCount = (s: string) => [...s].length;

// PostgreSQL text and jsonb cannot hold U+0000, and an unpaired surrogate (sent as a \uD800 escape)
// has no UTF-8 form: the first would fail the insert (a 500), the second would be stored as U+FFFD.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (s: string) => !s.includes("\u0000") && !UNPAIRED_SURROGATE.test(s);

export const Amount = z
  .int({ error: "amount must be a positive integer number of cents, e.g. 25000 for $250.00" })
  .positive({ error: "amount must be greater than zero" })
  .meta({ description: "Amount in cents (USD), a positive integer.", example: 25_000 });

export const Currency = z
  .literal("USD", { error: 'currency must be "USD" (the only currency supported today)' })
  .meta({ description: "ISO 4217 code. Only USD is supported." });

export const Description = z
  .string({ error: "description must be a string" })
  .refine((s) => s.trim().length > 0, { error: "description must not be empty", params: { code: "description_invalid" } })
  .refine((s) => charCount(s) <= LIMITS.descriptionMaxChars, {
    error: `description must be at most ${LIMITS.descriptionMaxChars} characters`,
    params: { code: "description_too_long" },
  })
  .refine(storable, { error: "description must not contain NUL characters or unpaired surrogates", params: { code: "description_invalid" } })
  .meta({ description: "Shown to the claimant as plain text. At most 1000 characters.", example: "Q3 referral bonus — order #4127" });

export const Metadata = z
  .record(
    z
      .string()
      .refine((k) => k.length > 0 && charCount(k) <= LIMITS.metadataKeyMaxChars, {
        error: `metadata keys must be 1 to ${LIMITS.metadataKeyMaxChars} characters`,
      })
      .refine(storable, { error: "metadata keys must not contain NUL characters or unpaired surrogates" }),
    z
      .string({ error: "metadata values must be strings" })
      .refine((v) => charCount(v) <= LIMITS.metadataValueMaxChars, {
        error: `metadata values must be at most ${LIMITS.metadataValueMaxChars} characters`,
      })
      .refine(storable, { error: "metadata values must not contain NUL characters or unpaired surrogates" }),
  )
  .refine((m) => Object.keys(m).length <= LIMITS.metadataMaxKeys, { error: `metadata may have at most ${LIMITS.metadataMaxKeys} keys` })
  .meta({ description: "Your own key/value strings, returned as given (at most 50 keys; keys ≤ 40, values ≤ 500 characters)." });

export const GeneratePayoutLinkInput = z
  .strictObject({
    amount: Amount,
    currency: Currency,
    description: Description,
    expires_in_seconds: z
      .int({ error: "expires_in_seconds must be an integer number of seconds" })
      .min(LIMITS.ttlMinSeconds, { error: `expires_in_seconds must be at least ${LIMITS.ttlMinSeconds}` })
      .max(LIMITS.ttlCeilingSeconds, { error: "expires_in_seconds is above the maximum link lifetime" })
      .optional()
      .meta({ description: "Lifetime of the link. Defaults to the organisation's default (7 days); at most the configured maximum (30 days by default)." }),
    metadata: Metadata.optional(),
  })
  .meta({ id: "GeneratePayoutLinkRequest" });
export type GeneratePayoutLinkInput = z.infer<typeof GeneratePayoutLinkInput>;

const Timestamp = z.iso.datetime().meta({ description: "ISO-8601, UTC." });

export const PayoutLink = z
  .object({
    id: z.string().meta({ example: "plink_01JZ8X5Q3W4E5R6T7Y8U9I0OPA" }),
    object: z.literal("payout_link"),
    url: z.string().meta({ description: "The claim page. Share it with the person you are paying." }),
    token: z.string().meta({ description: "The secret in the URL: anyone holding it can claim the link." }),
    amount: z.int(),
    currency: z.literal("USD"),
    description: z.string(),
    status: PayoutLinkStatus.meta({ description: "A pending link past expires_at reads as expired." }),
    expires_at: Timestamp,
    created_at: Timestamp,
    claimed_at: Timestamp.nullable(),
    completed_at: Timestamp.nullable(),
    cancelled_at: Timestamp.nullable(),
    recipient_id: z.string().nullable(),
    transaction_id: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
  })
  .meta({ id: "PayoutLink" });
export type PayoutLink = z.infer<typeof PayoutLink>;

export const PayoutLinkList = listEnvelope(PayoutLink, "PayoutLinkList");
export type PayoutLinkList = z.infer<typeof PayoutLinkList>;

export const ListPayoutLinksQuery = z.strictObject({
  status: PayoutLinkStatus.optional(),
  limit: ListLimit.optional(),
  starting_after: StartingAfter("link").optional(),
});
export type ListPayoutLinksQuery = z.infer<typeof ListPayoutLinksQuery>;

export const Balance = z
  .object({
    object: z.literal("balance"),
    available: z.int().meta({ description: "Cents that new links can draw on." }),
    held: z.int().meta({ description: "Cents reserved by pending and claimed links." }),
    pending: z.int().meta({ description: "Cents of deposits on their way (not yet credited to available)." }),
    currency: z.literal("USD"),
  })
  .meta({ id: "Balance" });
export type Balance = z.infer<typeof Balance>;

/** Which error code each field's validation failures carry (unless a check names its own). */
export const FIELD_ERROR_CODES = {
  amount: "amount_invalid",
  currency: "currency_unsupported",
  description: "description_invalid",
  expires_in_seconds: "expires_in_invalid",
  metadata: "metadata_invalid",
  ...LIST_FIELD_ERROR_CODES,
  status: "status_invalid",
} as const;
