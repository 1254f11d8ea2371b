// The claimant's submit: validation, types and OpenAPI. Isomorphic (the claim page imports it).
import { z } from "zod";

export const ClaimantName = z
  .string({ error: "Enter your full name." })
  .trim()
  .min(1, { error: "Enter your full name." })
  .max(200, { error: "Your name must be at most 200 characters." })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: "Your name contains characters that are not allowed." });

// Deliberately plain: one @, something on each side, a dot in the domain, no spaces, ≤ 254 chars
// (RFC 5321). The bank-side checks and the confirmation do the rest.
export const ClaimantEmail = z
  .string({ error: "Enter your email address." })
  .trim()
  .max(254, { error: "That email address is too long." })
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: "Enter a valid email address, like name@example.com." });

export const SubmitClaimInput = z
  .strictObject({
    name: ClaimantName,
    email: ClaimantEmail,
    public_token: z.string({ error: "public_token is required." }).min(1).max(200),
    account_id: z.string({ error: "account_id is required." }).min(1).max(200),
  })
  .meta({ id: "SubmitClaimRequest" });
export type SubmitClaimInput = z.infer<typeof SubmitClaimInput>;

export const CLAIM_FIELD_ERROR_CODES = {
  name: "name_invalid",
  email: "email_invalid",
  public_token: "public_token_invalid",
  account_id: "account_not_found",
} as const;

export const ClaimReceipt = z
  .object({
    object: z.literal("claim"),
    status: z.enum(["claimed", "completed"]),
    amount: z.int(),
    currency: z.literal("USD"),
    claimed_at: z.iso.datetime(),
    bank: z.object({ institution_name: z.string(), mask: z.string().meta({ description: "Last four digits of the account." }) }),
  })
  .meta({ id: "ClaimReceipt" });
export type ClaimReceipt = z.infer<typeof ClaimReceipt>;
