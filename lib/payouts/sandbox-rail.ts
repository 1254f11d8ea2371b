import "server-only";
import { randomBytes } from "node:crypto";
import type { DbOrTx } from "../db/transaction";
import type { InitiateInput, PayoutRail, RailStatus } from "./rail";

/**
 * The sandbox rail (PAYOUT_RAIL=sandbox, the default): no money moves. It accepts a payout at once
 * and settles it `delayMs` later (SANDBOX_SETTLEMENT_DELAY_MS). The account number decides the
 * outcome, so every path can be shown and tested:
 *
 *   ends in 0002 → fails when it would have settled: "account closed"
 *   ends in 0003 → settles, then is returned `delayMs` after settling: "R03 no account / unable to locate account"
 *   anything else (the sandbox bank's 1111222233330000 and 1111222233331111) → settles
 *
 * Transfers are rows in sandbox_transfers, so every worker process sees one rail and the unique
 * idempotency key dedupes initiations across processes and restarts.
 */
export const SANDBOX_FAILURE_REASON = "account closed";
export const SANDBOX_RETURN_REASON = "R03 no account / unable to locate account";

export function sandboxOutcomeFor(accountNumber: string): "settle" | "fail" | "return" {
  if (accountNumber.endsWith("0002")) return "fail";
  if (accountNumber.endsWith("0003")) return "return";
  return "settle";
}

export class SandboxRailError extends Error {}

export class SandboxRail implements PayoutRail {
  readonly name = "sandbox";
  constructor(
    private readonly db: DbOrTx,
    private readonly options: { delayMs: number; now?: () => Date },
  ) {}

  private now() {
    return this.options.now?.() ?? new Date();
  }

  async initiate(input: InitiateInput): Promise<{ reference: string }> {
    if (!/^\d{4,17}$/.test(input.account.accountNumber) || !/^\d{9}$/.test(input.account.routingNumber)) {
      throw new SandboxRailError("invalid account or routing number");
    }
    const now = this.now();
    const outcome = sandboxOutcomeFor(input.account.accountNumber);
    const settlesAt = new Date(now.getTime() + this.options.delayMs);
    const reference = `sbx_tr_${randomBytes(12).toString("hex")}`;
    // Insert-or-find in one statement: two processes racing on one key both get the first row.
    const rows = await this.db.$queryRaw<{ id: string; amount: number; currency: string }[]>`
      WITH ins AS (
        INSERT INTO sandbox_transfers (id, idempotency_key, amount, currency, routing_number, mask, outcome, failure_reason, created_at, settles_at, returns_at)
        VALUES (${reference}, ${input.idempotencyKey}, ${input.amount}, ${input.currency}, ${input.account.routingNumber}, ${input.account.mask},
                ${outcome}, ${outcome === "fail" ? SANDBOX_FAILURE_REASON : outcome === "return" ? SANDBOX_RETURN_REASON : null},
                ${now}, ${settlesAt}, ${outcome === "return" ? new Date(settlesAt.getTime() + this.options.delayMs) : null})
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id, amount, currency
      )
      SELECT id, amount, currency FROM ins
      UNION ALL
      SELECT id, amount, currency FROM sandbox_transfers WHERE idempotency_key = ${input.idempotencyKey}
      LIMIT 1`;
    let row = rows[0];
    // The concurrent inserter's row is not visible to this statement's snapshot: read it now.
    if (!row) {
      const found = await this.db.sandboxTransfer.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
      if (!found) throw new SandboxRailError("sandbox transfer vanished");
      row = found;
    }
    if (row.amount !== input.amount || row.currency !== input.currency) {
      throw new SandboxRailError(`idempotency key ${input.idempotencyKey} was used for a different payout`);
    }
    return { reference: row.id };
  }

  async status(reference: string, _context?: { idempotencyKey: string }): Promise<RailStatus> {
    const t = await this.db.sandboxTransfer.findUnique({ where: { id: reference } });
    if (!t) throw new SandboxRailError(`no sandbox transfer ${reference}`);
    const now = this.now().getTime();
    const settlesIn = t.settlesAt.getTime() - now;
    if (settlesIn > 0) return { state: "pending", final: false, checkAfterMs: settlesIn };
    if (t.outcome === "fail") return { state: "failed", reason: t.failureReason ?? SANDBOX_FAILURE_REASON, final: true };
    if (t.outcome === "return") {
      const returnsIn = t.returnsAt!.getTime() - now;
      if (returnsIn > 0) return { state: "settled", final: false, checkAfterMs: returnsIn };
      return { state: "returned", reason: t.failureReason ?? SANDBOX_RETURN_REASON, final: true };
    }
    return { state: "settled", final: true };
  }
}
