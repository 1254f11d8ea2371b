import { sandboxPublicTokenCreate } from "@/lib/bank-link/sandbox/endpoints";
import { sandboxBankRoute } from "@/lib/bank-link/sandbox/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Plaid's POST /sandbox/public_token/create, served by the built-in sandbox bank. */
export const POST = sandboxBankRoute(sandboxPublicTokenCreate);
