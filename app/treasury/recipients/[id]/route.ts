import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { getRecipient } from "@/lib/recipients/get-recipient";

export const runtime = "nodejs";

/** `id` is the recipient's `rcp_…` id, as a claimed link's `recipient_id` gives it. */
export const GET = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await getRecipient(db, caller.organizationId, params.id) },
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
