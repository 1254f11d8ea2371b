"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { createDashboardApiKey, revokeDashboardApiKey } from "@/lib/dashboard/settings/api-keys";
import { formText } from "@/lib/dashboard/settings/form-fields";
import { requireRole } from "@/lib/operators/session";

// API keys: admins only, checked here on the server for every call (the page shows these forms to
// admins only, but a hidden form is not a permission check).

const PAGE = "/dashboard/settings/api-keys";

export type CreatedKey = { id: string; name: string; secret: string };

export async function createApiKeyAction(_previous: ActionResult<CreatedKey> | null, form: FormData): Promise<ActionResult<CreatedKey>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const { apiKey, secret } = await createDashboardApiKey(await db(), actor, { name: formText(form, "name"), treasury: formText(form, "treasury") === "on" });
    revalidatePath(PAGE);
    return { id: apiKey.id, name: apiKey.name, secret };
  });
}

export async function revokeApiKeyAction(_previous: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    await revokeDashboardApiKey(await db(), actor, formText(form, "id"));
    revalidatePath(PAGE);
    return null;
  });
}
