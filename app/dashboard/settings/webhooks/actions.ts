"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/dashboard/action-result";
import { formText } from "@/lib/dashboard/settings/form-fields";
import { parseWebhookEndpointForm } from "@/lib/dashboard/settings/webhook-form";
import { revealWebhookSecret } from "@/lib/dashboard/settings/webhook-secrets";
import { requireRole } from "@/lib/operators/session";
import { createWebhookEndpoint, deleteWebhookEndpoint, rotateWebhookEndpointSecret } from "@/lib/webhooks/endpoints";
import { retryWebhookDelivery } from "@/lib/webhooks/replay";
import { sendTestWebhookEvent } from "@/lib/webhooks/test-event";

// Webhook endpoints: admins only, checked here for every call. The lib/webhooks functions are the
// ones the API's routes call.

const PAGE = "/dashboard/settings/webhooks";
export type EndpointSecret = { id: string; secret: string };

export async function createEndpointAction(_previous: ActionResult<EndpointSecret> | null, form: FormData): Promise<ActionResult<EndpointSecret>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const events = form.getAll("enabled_events").filter((v): v is string => typeof v === "string");
    const input = parseWebhookEndpointForm(formText(form, "url"), events);
    const created = await createWebhookEndpoint(await db(), actor.organizationId, input);
    revalidatePath(PAGE);
    return { id: created.id, secret: created.secret };
  });
}

export async function deleteEndpointAction(_previous: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    await deleteWebhookEndpoint(await db(), actor.organizationId, formText(form, "id"));
    revalidatePath(PAGE);
    return null;
  });
}

export async function revealSecretAction(_previous: ActionResult<EndpointSecret> | null, form: FormData): Promise<ActionResult<EndpointSecret>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const id = formText(form, "id");
    return { id, secret: await revealWebhookSecret(await db(), actor, id) };
  });
}

export async function rotateSecretAction(_previous: ActionResult<EndpointSecret> | null, form: FormData): Promise<ActionResult<EndpointSecret>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const rotated = await rotateWebhookEndpointSecret(await db(), actor.organizationId, formText(form, "id"));
    return { id: rotated.id, secret: rotated.secret };
  });
}

export async function sendTestEventAction(_previous: ActionResult<{ deliveryId: string }> | null, form: FormData): Promise<ActionResult<{ deliveryId: string }>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    const delivery = await sendTestWebhookEvent(await db(), actor.organizationId, formText(form, "id"));
    revalidatePath(PAGE);
    return { deliveryId: delivery.id };
  });
}

export async function retryDeliveryAction(_previous: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requireRole("admin");
    await retryWebhookDelivery(await db(), actor.organizationId, formText(form, "id"));
    revalidatePath(PAGE);
    return null;
  });
}
