import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/method-not-allowed";
import { NoQuery } from "@/lib/http/validation";
import { createDeposit, listDeposits } from "@/lib/funding/deposits";
import { CreateDepositInput, DEPOSIT_FIELD_ERROR_CODES, ListDepositsQuery } from "@/lib/funding/schemas";

export const runtime = "nodejs";

export const POST = apiRoute(
  { capability: "treasury", body: CreateDepositInput, query: NoQuery, fieldCodes: DEPOSIT_FIELD_ERROR_CODES, idempotent: true },
  async ({ db, caller, body }) => ({
    status: 201,
    body: { data: await createDeposit(db, { organizationId: caller.organizationId, actor: `api_key:${caller.apiKeyId}` }, body) },
  }),
);

export const GET = apiRoute(
  { capability: "treasury", query: ListDepositsQuery, fieldCodes: DEPOSIT_FIELD_ERROR_CODES },
  async ({ db, caller, query }) => ({ status: 200, body: await listDeposits(db, caller.organizationId, query) }),
);

export const { PUT, PATCH, DELETE } = otherMethods(["GET", "POST"]);
