import { describe, expect, it } from "vitest";
import { TransferStatus, type PlaidApi, type Transfer } from "plaid";
import { transferOutcomeFor } from "../bank-link/sandbox/transfer-outcomes";
import { PlaidTransferError, PlaidTransferRail, transferFailureReason } from "./plaid-transfer-rail";
import { RailDeclinedError } from "./rail";
import { returnWatchMs } from "./rails";

const CREATED = "2026-11-24T10:00:00Z";

function transfer(status: TransferStatus, failure: Transfer["failure_reason"] = null): Transfer {
  return { id: "t1", status, created: CREATED, failure_reason: failure } as Transfer;
}

/** A PlaidApi whose calls answer (or throw) what the test scripts. */
function api(handlers: Partial<Record<"transferGet" | "transferAuthorizationCreate" | "transferCreate", () => unknown>>): PlaidApi {
  const wrap = (fn?: () => unknown) => async () => {
    if (!fn) throw new Error("unexpected call");
    return { data: await fn() };
  };
  return {
    transferGet: wrap(handlers.transferGet),
    transferAuthorizationCreate: wrap(handlers.transferAuthorizationCreate),
    transferCreate: wrap(handlers.transferCreate),
  } as unknown as PlaidApi;
}

const at = (iso: string) => () => new Date(iso);

describe("plaid-transfer rail status mapping", () => {
  const statusOf = (t: Transfer, now = "2026-11-24T10:00:10Z", watch = 60_000) =>
    new PlaidTransferRail(api({ transferGet: () => ({ transfer: t }) }), { returnWatchMs: watch, pollMs: 500, now: at(now) }).status("t1");

  it("pending and posted are pending; settled and funds_available are settled, watched for a return until the window closes", async () => {
    expect(await statusOf(transfer(TransferStatus.Pending))).toEqual({ state: "pending", final: false, checkAfterMs: 500 });
    expect(await statusOf(transfer(TransferStatus.Posted))).toEqual({ state: "pending", final: false, checkAfterMs: 500 });
    expect(await statusOf(transfer(TransferStatus.Settled))).toEqual({ state: "settled", final: false, checkAfterMs: 500 });
    expect(await statusOf(transfer(TransferStatus.FundsAvailable), "2026-11-24T10:00:59.800Z")).toEqual({ state: "settled", final: false, checkAfterMs: 200 });
    expect(await statusOf(transfer(TransferStatus.Settled), "2026-11-24T10:01:00Z")).toEqual({ state: "settled", final: true });
  });

  it("failed and cancelled are failed, returned is returned, with Plaid's reason", async () => {
    expect(await statusOf(transfer(TransferStatus.Failed, { failure_code: null, ach_return_code: null, description: "account closed" }))).toEqual({ state: "failed", reason: "account closed", final: true });
    expect(await statusOf(transfer(TransferStatus.Cancelled))).toEqual({ state: "failed", reason: "transfer cancelled", final: true });
    expect(await statusOf(transfer(TransferStatus.Returned, { ach_return_code: "R01", description: "insufficient funds" }))).toEqual({ state: "returned", reason: "R01 insufficient funds", final: true });
    expect(transferFailureReason(transfer(TransferStatus.Returned, { ach_return_code: "R03", description: "R03 already prefixed" }))).toBe("R03 already prefixed");
  });

  it("a network error or a 5xx is thrown for a retry (without the request), a 4xx about the Item at initiation is a decline", async () => {
    const axiosError = (status: number | null, data: object = {}) =>
      Object.assign(new Error("boom"), { isAxiosError: true, code: status === null ? "ECONNREFUSED" : undefined, config: { headers: { "PLAID-SECRET": "s3cret" } }, ...(status === null ? {} : { response: { status, data } }) });
    const input = { idempotencyKey: "k", amount: 100, currency: "USD" as const, account: { routingNumber: "1", accountNumber: "1", mask: "0001", plaid: { accessToken: "a", accountId: "b" } } };
    const failing = (err: Error) => new PlaidTransferRail(api({ transferAuthorizationCreate: () => Promise.reject(err) }), { returnWatchMs: 0 });

    const network = await failing(axiosError(null)).initiate(input).catch((e) => e);
    expect(network).toBeInstanceOf(PlaidTransferError);
    expect(network.message).toBe("plaid transfer/authorization/create: network error ECONNREFUSED");
    const server = await failing(axiosError(500, { error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR", request_id: "req1" })).initiate(input).catch((e) => e);
    expect(server).toBeInstanceOf(PlaidTransferError);
    expect(server.message).not.toContain("s3cret");
    const relogin = await failing(axiosError(400, { error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED", display_message: null })).initiate(input).catch((e) => e);
    expect(relogin).toBeInstanceOf(RailDeclinedError);
    expect(relogin.reason).toBe("ITEM_LOGIN_REQUIRED: refused by Plaid");
    const keys = await failing(axiosError(400, { error_type: "INVALID_INPUT", error_code: "INVALID_API_KEYS" })).initiate(input).catch((e) => e);
    expect(keys).toBeInstanceOf(PlaidTransferError); // our configuration, not the payment: retried, never a failed payout
    const limited = await failing(axiosError(429, { error_type: "RATE_LIMIT_EXCEEDED", error_code: "TRANSFER_LIMIT" })).initiate(input).catch((e) => e);
    expect(limited).toBeInstanceOf(PlaidTransferError);
  });

  it("the sandbox bank's outcome accounts and the return watch", () => {
    expect(["1111222233330000", "1111222233330002", "1111222233330003", "1111222233330004"].map(transferOutcomeFor)).toEqual(["settle", "fail", "return", "decline"]);
    expect(returnWatchMs("sandbox", 5_000)).toBe(40_000);
    expect(returnWatchMs("plaid-production", 5_000)).toBe(5 * 24 * 3600_000);
  });
});
