import "server-only";
import type { Config } from "../config";
import type { DbOrTx } from "../db/transaction";
import { PLAID_RETURN_WATCH_MS, PlaidTransferRail, plaidTransferApi } from "./plaid-transfer-rail";
import type { PayoutRail } from "./rail";
import { SandboxRail } from "./sandbox-rail";

/**
 * How long a settled plaid-transfer payout is watched for a return. The sandbox bank returns its
 * …0003 transfers one settlement delay after they settle, so twice the delay (plus a margin) covers it.
 */
export function returnWatchMs(mode: "sandbox" | "plaid-sandbox" | "plaid-production", settlementDelayMs: number): number {
  return mode === "sandbox" ? 2 * settlementDelayMs + 30_000 : PLAID_RETURN_WATCH_MS;
}

/** The rail PAYOUT_RAIL names (config() already refuses names that do not exist). */
export function createPayoutRail(
  db: DbOrTx,
  cfg: Pick<Config, "PAYOUT_RAIL" | "SANDBOX_SETTLEMENT_DELAY_MS"> & Partial<Pick<Config, "PAYOUT_POLL_INTERVAL_MS" | "PLAID_CLIENT_ID" | "PLAID_SECRET">>,
): PayoutRail {
  switch (cfg.PAYOUT_RAIL) {
    case "sandbox":
      return new SandboxRail(db, { delayMs: cfg.SANDBOX_SETTLEMENT_DELAY_MS });
    case "plaid-transfer": {
      // Bank linking's backend decides (PlaidTransferRail's `ready()` checks it): both Plaid keys
      // mean real Plaid, neither means the built-in sandbox bank at APP_URL (which a separate worker
      // process reaches over HTTP). Loaded on first use: see plaid-transfer-rail.ts.
      const sandboxBank = !cfg.PLAID_CLIENT_ID?.trim() && !cfg.PLAID_SECRET?.trim();
      return new PlaidTransferRail(
        async () => {
          const { bankLinkBackend } = await import("../bank-link/bank-link");
          return plaidTransferApi(bankLinkBackend());
        },
        { returnWatchMs: returnWatchMs(sandboxBank ? "sandbox" : "plaid-production", cfg.SANDBOX_SETTLEMENT_DELAY_MS), pollMs: cfg.PAYOUT_POLL_INTERVAL_MS },
      );
    }
    default:
      throw new Error(`PAYOUT_RAIL=${String(cfg.PAYOUT_RAIL)} is not available; use "sandbox" or "plaid-transfer"`);
  }
}
