import "server-only";
// Types only from `plaid` and bank-link: loading the client costs seconds in a worker process, and a
// worker on the sandbox rail never needs it (see the lazy PlaidApiSource).
import type { ACHClass, PlaidApi, Transfer, TransferNetwork, TransferType } from "plaid";
import type { BankLinkBackend } from "../bank-link/bank-link";
import { plaidFailure } from "../bank-link/plaid-errors";
import { RailDeclinedError, type InitiateInput, type PayoutRail, type RailStatus } from "./rail";

/*
 * Plaid Transfer (PAYOUT_RAIL=plaid-transfer), through the official `plaid` client, against real
 * Plaid or the built-in sandbox bank (the same backend bank linking uses):
 *
 *   /transfer/authorization/create  (type, network ach, the Item's access token + account id)
 *     declined → RailDeclinedError with the decision rationale: the payout fails, nothing is retried
 *   /transfer/create                (the authorization id)
 *   /transfer/get                   status: pending|posted → pending, settled|funds_available → settled,
 *                                   failed|cancelled → failed, returned → returned
 *
 * Both creating calls carry Plaid's `idempotency_key`, our key derived from our own id, so a worker
 * that crashed after Plaid accepted a call and calls again gets the same authorization and the same
 * transfer back, never a second one. Network errors, 429 and 5xx are thrown for the worker to retry
 * with backoff; a 4xx about the Item or the account (an Item needing re-login, a removed account)
 * would be refused again on every retry, so it fails the payment instead.
 */

export type TransferDirection = "credit" | "debit";

export type PlaidTransferInput = {
  type: TransferDirection;
  /** At most 50 characters (Plaid's limit). */
  idempotencyKey: string;
  amount: number;
  accessToken: string;
  accountId: string;
  legalName: string;
  /** On the account holder's statement; Plaid allows 15 characters. */
  description: string;
};

export type PlaidTransferOptions = {
  /** How long a settled credit is watched for a return, from its creation. */
  returnWatchMs: number;
  /** How soon to look again at a transfer still moving. */
  pollMs?: number;
  now?: () => Date;
};

const REQUEST_TIMEOUT_MS = 20_000;

/** A value of one of plaid's string enums, without loading the package for it. */
const plaidEnum = <T>(value: string) => value as unknown as T;
// Plaid ACH returns for bank reasons (R01–R04…) come within two banking days of settlement.
export const PLAID_RETURN_WATCH_MS = 5 * 24 * 3600_000;

/** A client, or how to make one on first use (so `plaid` is loaded only by processes that use it). */
export type PlaidApiSource = PlaidApi | (() => Promise<PlaidApi>);

/** The official client for a backend (Plaid or the sandbox bank), as bank linking builds it. */
export async function plaidTransferApi(backend: BankLinkBackend, options: { timeoutMs?: number } = {}): Promise<PlaidApi> {
  const { Configuration, PlaidApi } = await import("plaid");
  return new PlaidApi(
    new Configuration({
      basePath: backend.basePath,
      baseOptions: {
        timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
        headers: { "PLAID-CLIENT-ID": backend.clientId, "PLAID-SECRET": backend.secret },
      },
    }),
  );
}

/** Plaid's amount: a decimal string with two digits, from integer cents (never through a float). */
export function plaidAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new Error(`not a positive amount of cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** An error safe to record and log: Plaid's type, code and request id, never the request (it carries secrets). */
export class PlaidTransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlaidTransferError";
  }
}

const PERMANENT_TYPES = new Set(["INVALID_INPUT", "ITEM_ERROR", "TRANSFER_ERROR"]);
// INVALID_INPUT too, but about our Plaid account, not this payment: retried (and visible in
// last_rail_error) until the configuration is fixed, never failing payouts wholesale.
const CONFIGURATION_CODES = new Set(["INVALID_API_KEYS", "INVALID_CLIENT_ID", "INVALID_SECRET", "UNAUTHORIZED_ENVIRONMENT", "INVALID_PRODUCT", "PRODUCT_NOT_ENABLED", "TRANSFER_ACCOUNT_BLOCKED", "TRANSFER_NOT_ENABLED"]);

async function call<T>(step: string, fn: () => Promise<{ data: T }>, options: { permanentIsDecline: boolean }): Promise<T> {
  try {
    return (await fn()).data;
  } catch (err) {
    const f = plaidFailure(err);
    if (!f) throw err;
    if (f.networkCode) throw new PlaidTransferError(`plaid ${step}: network error ${f.networkCode}`);
    const what = `plaid ${step}: ${f.errorType}/${f.errorCode} (HTTP ${f.status}${f.requestId ? `, request ${f.requestId}` : ""})`;
    if (options.permanentIsDecline && f.status !== null && f.status >= 400 && f.status < 500 && f.status !== 429 && PERMANENT_TYPES.has(f.errorType) && !CONFIGURATION_CODES.has(f.errorCode)) {
      throw new RailDeclinedError(`${f.errorCode}: ${f.displayMessage ?? "refused by Plaid"}`.slice(0, 500));
    }
    throw new PlaidTransferError(what);
  }
}

/** Authorization then transfer: the payout rail's credits and the funding debits share this. */
export class PlaidTransfers {
  private client: Promise<PlaidApi> | undefined;
  constructor(private readonly source: PlaidApiSource) {}

  /** Makes the client now (a worker calls it at start, so a misconfiguration shows at once). */
  async ready(): Promise<void> {
    await this.api();
  }

  private api(): Promise<PlaidApi> {
    if (typeof this.source !== "function") return Promise.resolve(this.source);
    // A failed construction (misconfiguration) is retried on the next call rather than cached.
    this.client ??= this.source().catch((err) => {
      this.client = undefined;
      throw err;
    });
    return this.client;
  }

  /** Returns the transfer id; throws RailDeclinedError when Plaid declines or refuses for good. */
  async create(input: PlaidTransferInput): Promise<{ reference: string }> {
    const amount = plaidAmount(input.amount);
    const type = plaidEnum<TransferType>(input.type);
    const api = await this.api();
    const { authorization } = await call(
      "transfer/authorization/create",
      () =>
        api.transferAuthorizationCreate({
          access_token: input.accessToken,
          account_id: input.accountId,
          type,
          network: plaidEnum<TransferNetwork>("ach"),
          amount,
          // Consumer accounts: PPD, the SEC code for pre-arranged payments to and from them.
          ach_class: plaidEnum<ACHClass>("ppd"),
          user: { legal_name: input.legalName },
          idempotency_key: input.idempotencyKey,
        }),
      { permanentIsDecline: true },
    );
    if (String(authorization.decision) !== "approved") {
      const rationale = authorization.decision_rationale;
      throw new RailDeclinedError(
        rationale ? `authorization ${authorization.decision}: ${rationale.code}: ${rationale.description}` : `authorization ${authorization.decision}`,
      );
    }
    const { transfer } = await call(
      "transfer/create",
      () =>
        api.transferCreate({
          access_token: input.accessToken,
          account_id: input.accountId,
          authorization_id: authorization.id,
          description: input.description.slice(0, 15),
          idempotency_key: input.idempotencyKey,
        }),
      { permanentIsDecline: true },
    );
    return { reference: transfer.id };
  }

  async get(reference: string): Promise<Transfer> {
    const api = await this.api();
    return (await call("transfer/get", () => api.transferGet({ transfer_id: reference }), { permanentIsDecline: false })).transfer;
  }
}

/** The reason of a failed, cancelled or returned transfer, as operators read it on the payout. */
export function transferFailureReason(transfer: Transfer): string {
  const f = transfer.failure_reason;
  const code = f?.ach_return_code ?? f?.failure_code ?? null;
  const text = f?.description || (String(transfer.status) === "cancelled" ? "transfer cancelled" : `transfer ${transfer.status}`);
  return code && !text.startsWith(code) ? `${code} ${text}` : text;
}

export class PlaidTransferRail implements PayoutRail {
  readonly name = "plaid-transfer";
  /** Shared with the deposit worker, which makes debits on the same client. */
  readonly transfers: PlaidTransfers;

  constructor(api: PlaidApiSource, private readonly options: PlaidTransferOptions) {
    this.transfers = new PlaidTransfers(api);
  }

  async initiate(input: InitiateInput): Promise<{ reference: string }> {
    const plaid = input.account.plaid;
    // Claims made before Plaid Transfer, or accounts entered without Plaid, have no Item to pay.
    if (!plaid) throw new RailDeclinedError("the bank account was not linked through Plaid, so Plaid Transfer cannot pay it");
    return this.transfers.create({
      type: "credit",
      idempotencyKey: input.idempotencyKey,
      amount: input.amount,
      accessToken: plaid.accessToken,
      accountId: plaid.accountId,
      legalName: input.account.legalName ?? "Payout recipient",
      description: "Payout",
    });
  }

  async status(reference: string): Promise<RailStatus> {
    const transfer = await this.transfers.get(reference);
    const pollMs = this.options.pollMs ?? 1_000;
    switch (String(transfer.status)) {
      case "pending":
      case "posted":
        return { state: "pending", final: false, checkAfterMs: pollMs };
      case "settled":
      case "funds_available": {
        const age = (this.options.now?.() ?? new Date()).getTime() - Date.parse(transfer.created);
        const watchLeft = this.options.returnWatchMs - age;
        return watchLeft > 0 ? { state: "settled", final: false, checkAfterMs: Math.min(pollMs, watchLeft) } : { state: "settled", final: true };
      }
      case "failed":
      case "cancelled":
        return { state: "failed", reason: transferFailureReason(transfer), final: true };
      case "returned":
        return { state: "returned", reason: transferFailureReason(transfer), final: true };
      default:
        throw new PlaidTransferError(`plaid transfer/get: unknown transfer status ${String(transfer.status)}`);
    }
  }
}
