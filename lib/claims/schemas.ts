// The claimant's submit: validation, types and OpenAPI. Isomorphic (the claim page imports it).
import { z } from "zod";
import { CLAIMANT_EMAIL_MAX, CLAIMANT_NAME_MAX, claimantEmailError, claimantNameError } from "./claimant-fields";

// The rules themselves live in claimant-fields.ts, which the claim page's browser bundle uses
// without zod; these schemas wrap them, so the page and the server can never disagree.
export const ClaimantName = z
  .string({ error: "Enter your full name." })
  .trim()
  .check(
    z.superRefine((name, ctx) => {
      const message = claimantNameError(name);
      if (message) ctx.addIssue({ code: "custom", message });
    }),
  )
  .meta({ description: "The claimant's full name, 1 to 200 characters.", minLength: 1, maxLength: CLAIMANT_NAME_MAX });

export const ClaimantEmail = z
  .string({ error: "Enter your email address." })
  .trim()
  .check(
    z.superRefine((email, ctx) => {
      const message = claimantEmailError(email);
      if (message) ctx.addIssue({ code: "custom", message });
    }),
  )
  .meta({ description: "An email address, at most 254 characters.", format: "email", maxLength: CLAIMANT_EMAIL_MAX });

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
