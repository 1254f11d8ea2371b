import { itemRemove } from "@/lib/bank-link/sandbox/endpoints";
import { sandboxBankRoute } from "@/lib/bank-link/sandbox/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Plaid's POST /item/remove, served by the built-in sandbox bank. */
export const POST = sandboxBankRoute(itemRemove);
