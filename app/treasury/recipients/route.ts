import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { listRecipients } from "@/lib/recipients/list-recipients";
import { ListRecipientsQuery, RECIPIENT_FIELD_ERROR_CODES } from "@/lib/recipients/schemas";

export const runtime = "nodejs";

export const GET = apiRoute(
  { capability: "treasury", query: ListRecipientsQuery, fieldCodes: RECIPIENT_FIELD_ERROR_CODES },
  async ({ db, caller, query }) => ({ status: 200, body: await listRecipients(db, caller.organizationId, query) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
