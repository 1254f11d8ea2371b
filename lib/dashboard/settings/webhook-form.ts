// The add-endpoint form → the API's CreateWebhookEndpointInput (the same zod schema the API uses),
// with refusals named after the form's fields. Isomorphic.
import { AppError } from "../../errors/app-error";
import { CreateWebhookEndpointInput } from "../../webhooks/schemas";

export function parseWebhookEndpointForm(url: string, events: string[]): CreateWebhookEndpointInput {
  const parsed = CreateWebhookEndpointInput.safeParse({ url: url.trim(), enabled_events: events });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.path[0] === "url") throw new AppError("url_invalid", { param: "url", message: url.trim() === "" ? "Enter the endpoint's URL, starting with https://." : issue.message });
  throw new AppError("event_type_invalid", { param: "enabled_events", message: events.length === 0 ? "Choose at least one event type." : issue.message });
}
