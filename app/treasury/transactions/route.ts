import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { listTransactions } from "@/lib/transactions/list-transactions";
import { ListTransactionsQuery, TRANSACTION_FIELD_ERROR_CODES } from "@/lib/transactions/schemas";

export const runtime = "nodejs";

export const GET = apiRoute(
  { capability: "treasury", query: ListTransactionsQuery, fieldCodes: TRANSACTION_FIELD_ERROR_CODES },
  async ({ db, caller, query }) => ({ status: 200, body: await listTransactions(db, caller.organizationId, query) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(["GET"]);
