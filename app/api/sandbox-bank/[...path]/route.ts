import { plaidErrorResponse } from "@/lib/bank-link/sandbox/route";
import { SandboxPlaidError, plaidRequestId } from "@/lib/bank-link/sandbox/plaid-error";

export const runtime = "nodejs";

// Paths the sandbox bank does not serve answer as Plaid does: a JSON NOT_FOUND, not an HTML page.
const notFound = async () => plaidErrorResponse(new SandboxPlaidError("NOT_FOUND"), plaidRequestId());

export const { GET, POST, PUT, PATCH, DELETE } = { GET: notFound, POST: notFound, PUT: notFound, PATCH: notFound, DELETE: notFound };
