import "server-only";
import type { Config } from "../config";
import type { DbOrTx } from "../db/transaction";
import type { PayoutRail } from "./rail";
import { SandboxRail } from "./sandbox-rail";

/** The rail PAYOUT_RAIL names (config() already refuses names that do not exist). */
export function createPayoutRail(db: DbOrTx, cfg: Pick<Config, "PAYOUT_RAIL" | "SANDBOX_SETTLEMENT_DELAY_MS">): PayoutRail {
  switch (cfg.PAYOUT_RAIL) {
    case "sandbox":
      return new SandboxRail(db, { delayMs: cfg.SANDBOX_SETTLEMENT_DELAY_MS });
    default:
      throw new Error(`PAYOUT_RAIL=${String(cfg.PAYOUT_RAIL)} is not available; use "sandbox"`);
  }
}
