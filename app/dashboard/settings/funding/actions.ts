"use server";

import { createHash } from "node:crypto";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { formText } from "@/lib/dashboard/settings/form-fields";
import { parseDollars } from "@/lib/dashboard/settings/parse-dollars";
import { AppError } from "@/lib/errors/app-error";
import { createDeposit } from "@/lib/funding/deposits";
import { createFundingLinkToken, linkFundingSource } from "@/lib/funding/funding-sources";
import { DEPOSIT_MAX_AMOUNT } from "@/lib/funding/schemas";
import { checkIdempotencyKey, withIdempotency } from "@/lib/http/idempotency";
import { requireRole } from "@/lib/operators/session";

// Funding: admins only, checked here for every call. The lib/funding functions are the ones the
// API's /treasury/funding-sources and /treasury/deposits routes call.

const PAGE = "/dashboard/settings/funding";

export async function fundingLinkTokenAction(): Promise<ActionResult<{ linkToken: string }>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const token = await createFundingLinkToken(await db(), { organizationId: actor.organizationId, actor: `user:${actor.userId}` });
    return { linkToken: token.link_token };
  });
}

export async function linkFundingSourceAction(_previous: ActionResult<{ id: string; label: string }> | null, form: FormData): Promise<ActionResult<{ id: string; label: string }>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const source = await linkFundingSource(
      await db(),
      { organizationId: actor.organizationId, actor: `user:${actor.userId}` },
      { public_token: formText(form, "public_token"), account_id: formText(form, "account_id") },
    );
    revalidatePath(PAGE);
    return { id: source.id, label: `${source.bank_name} ····${source.mask}` };
  });
}

export type AddedFunds = { id: string; amount: number; status: string };

/**
 * Adds funds. The form carries a key made when it was rendered, used as an idempotency key: a
 * double submit (or a retry after a dropped response) makes one deposit, not two.
 */
export async function addFundsAction(_previous: ActionResult<AddedFunds> | null, form: FormData): Promise<ActionResult<AddedFunds>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const amount = parseDollars(formText(form, "amount"));
    if (!amount.ok) throw new AppError("amount_invalid", { param: "amount", message: amount.message });
    if (amount.cents === 0) throw new AppError("amount_invalid", { param: "amount", message: "Enter an amount above $0.00." });
    if (amount.cents > DEPOSIT_MAX_AMOUNT) throw new AppError("amount_too_large", { param: "amount", message: "A deposit is at most $100,000.00." });
    const source = formText(form, "funding_source_id");
    const key = checkIdempotencyKey(`dashboard-deposit:${formText(form, "idempotency_key")}`);
    const input = { amount: amount.cents, currency: "USD" as const, ...(source ? { funding_source_id: source } : {}) };
    const prisma = await db();
    const result = await withIdempotency(
      prisma,
      { organizationId: actor.organizationId, key, requestHash: createHash("sha256").update(JSON.stringify(input)).digest("hex") },
      async (tx) => ({ status: 201, body: await createDeposit(tx, { organizationId: actor.organizationId, actor: `user:${actor.userId}` }, input) }),
    );
    const body = result.body as { id?: string; amount?: number; status?: string; error?: { code: string; message: string; param?: string } };
    if (body.error) throw new AppError(body.error.code as never, { message: body.error.message, param: body.error.param });
    revalidatePath(PAGE);
    return { id: body.id!, amount: body.amount!, status: body.status! };
  });
}
