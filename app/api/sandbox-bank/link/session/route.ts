import { linkSessionStart } from "@/lib/bank-link/sandbox/link-session";
import { sandboxLinkRoute } from "@/lib/bank-link/sandbox/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/sandbox-bank/link/session: the sandbox Link script opens (not a Plaid endpoint). */
export const POST = sandboxLinkRoute(linkSessionStart);
