import { sandboxTransferSimulate } from "@/lib/bank-link/sandbox/transfer-endpoints";
import { sandboxBankRoute } from "@/lib/bank-link/sandbox/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Plaid's POST /sandbox/transfer/simulate, served by the built-in sandbox bank. */
export const POST = sandboxBankRoute(sandboxTransferSimulate);
