import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { getTransaction } from "@/lib/transactions/get-transaction";

export const runtime = "nodejs";

/** `id` is the transaction's `txn_…` id, as a claimed link's `transaction_id` gives it. */
export const GET = apiRoute({ capability: "treasury", query: NoQuery }, async ({ db, caller, params }) => ({
  status: 200,
  body: { data: await getTransaction(db, caller.organizationId, params.id) },
}));

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
