"use server";

import { revalidatePath } from "next/cache";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { formText } from "@/lib/dashboard/settings/form-fields";
import { requireRole } from "@/lib/operators/session";
import { parseBrandingForm } from "@/lib/organizations/branding-form";
import { fetchLogo } from "@/lib/organizations/fetch-logo";
import { getOrganizationSettings, updateOrganizationBranding, type OrganizationSettings } from "@/lib/organizations/settings";

export type SavedBranding = OrganizationSettings["branding"];

export async function saveBrandingAction(_previous: ActionResult<SavedBranding> | null, form: FormData): Promise<ActionResult<SavedBranding>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const branding = parseBrandingForm({
      display_name: formText(form, "display_name"),
      logo_url: formText(form, "logo_url"),
      accent_color: formText(form, "accent_color"),
      support_email: formText(form, "support_email"),
    });
    const prisma = await db();
    const current = await getOrganizationSettings(prisma, actor.organizationId);
    // The same URL as before keeps the copy already made; a new one is fetched and checked now.
    const logo = !branding.logoUrl
      ? null
      : branding.logoUrl === current.branding.logoUrl && current.branding.logoPath
        ? ("keep" as const)
        : await fetchLogo(branding.logoUrl, { allowPrivate: config().allowPrivateWebhookUrls });
    const saved = await updateOrganizationBranding(prisma, actor, branding, logo);
    revalidatePath("/dashboard/settings/branding");
    return saved;
  });
}
