import { linkSessionCredentials } from "@/lib/bank-link/sandbox/link-session";
import { sandboxLinkRoute } from "@/lib/bank-link/sandbox/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/sandbox-bank/link/session/credentials: the sandbox Link script's credentials pane (not a Plaid endpoint). */
export const POST = sandboxLinkRoute(linkSessionCredentials);
