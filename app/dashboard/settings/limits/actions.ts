"use server";

import { revalidatePath } from "next/cache";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { formText } from "@/lib/dashboard/settings/form-fields";
import { parseLimitsForm, type OrganizationLimitsInput } from "@/lib/dashboard/settings/limits-form";
import { requireRole } from "@/lib/operators/session";
import { updateOrganizationLimits } from "@/lib/organizations/settings";

export async function saveLimitsAction(_previous: ActionResult<OrganizationLimitsInput> | null, form: FormData): Promise<ActionResult<OrganizationLimitsInput>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const limits = parseLimitsForm(
      {
        max_link_amount: formText(form, "max_link_amount"),
        default_link_ttl_hours: formText(form, "default_link_ttl_hours"),
        dedupe_recipients_by_email: formText(form, "dedupe_recipients_by_email"),
        min_name_match_score: formText(form, "min_name_match_score"),
      },
      config().PAYOUT_LINK_MAX_TTL_SECONDS,
    );
    const saved = await updateOrganizationLimits(await db(), actor, limits);
    revalidatePath("/dashboard/settings/limits");
    return saved;
  });
}
