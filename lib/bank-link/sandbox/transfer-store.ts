import "server-only";
import { randomUUID } from "node:crypto";
import {
  ACHClass,
  PlaidErrorType,
  TransferAuthorizationDecision,
  TransferCreditFundsSource,
  TransferEventType,
  TransferNetwork,
  TransferStatus,
  TransferType,
  type Transfer,
  type TransferAuthorization,
  type TransferAuthorizationGuaranteeDecision,
  type TransferEvent,
  type TransferFailure,
} from "plaid";
import { canonicalJson } from "../../http/canonical-json";
import { sha256Hex } from "../../crypto/secrets";
import type { PrismaClient, SandboxPlaidTransfer, SandboxTransferAuthorization, SandboxTransferEvent } from "../../db/generated/client";
import { plaidTimestamp } from "./items";
import { SandboxPlaidError } from "./plaid-error";
import { SANDBOX_TRANSFER_FAILURE, SANDBOX_TRANSFER_RETURN, type TransferOutcome } from "./transfer-outcomes";

// Plaid Transfer at the sandbox bank: authorizations, transfers and their event stream, in tables of
// their own so every web process sees one bank. Idempotency keys behave as Plaid documents them:
// the same key with the same request answers the first authorization or transfer; the same key with
// another request is refused. Transfers move by /sandbox/transfer/simulate, or by themselves
// SANDBOX_SETTLEMENT_DELAY_MS after creation (applied whenever the bank is asked about transfers).

/** Plaid's JSON nulls that the generated client types as the string "null". */
const NULL_GUARANTEE = null as unknown as TransferAuthorizationGuaranteeDecision;
const NULL_FUNDS_SOURCE = null as unknown as TransferCreditFundsSource;

export const TRANSFER_ERRORS = {
  idempotencyConflict: (what: string) =>
    new SandboxPlaidError({
      code: "IDEMPOTENCY_KEY_REUSED",
      type: PlaidErrorType.IdempotencyError,
      status: 400,
      message: `idempotency_key was already used with a different ${what} request`,
      display: null,
    }),
  transferNotFound: () =>
    new SandboxPlaidError({ code: "TRANSFER_NOT_FOUND", type: PlaidErrorType.InvalidInput, status: 400, message: "transfer not found", display: null }),
  authorizationNotFound: () =>
    new SandboxPlaidError({ code: "TRANSFER_AUTHORIZATION_NOT_FOUND", type: PlaidErrorType.InvalidInput, status: 400, message: "authorization not found", display: null }),
  authorizationMismatch: (detail: string) =>
    new SandboxPlaidError({ code: "TRANSFER_AUTHORIZATION_MISMATCH", type: PlaidErrorType.TransferError, status: 400, message: `the transfer does not match its authorization: ${detail}`, display: null }),
  notAuthorized: () =>
    new SandboxPlaidError({ code: "TRANSFER_NOT_AUTHORIZED", type: PlaidErrorType.TransferError, status: 400, message: "the authorization was not approved", display: null }),
  authorizationUsed: () =>
    new SandboxPlaidError({ code: "TRANSFER_AUTHORIZATION_ALREADY_USED", type: PlaidErrorType.TransferError, status: 400, message: "the authorization was already used by another transfer", display: null }),
  badTransition: (from: string, to: string) =>
    new SandboxPlaidError({
      code: "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID",
      type: PlaidErrorType.SandboxError,
      status: 400,
      message: `a transfer in status ${from} cannot move to ${to}`,
      display: null,
    }),
};

export function requestHash(parts: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(parts));
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";
}

/**
 * Insert-or-replay by idempotency key: a new row, or the row the key already made when the request
 * is the same; a concurrent insert with the key loses on the unique index and replays too.
 */
export async function idempotentCreate<R extends { requestHash: string }>(
  key: string | null | undefined,
  hash: string,
  what: string,
  find: (key: string) => Promise<R | null>,
  create: () => Promise<R>,
): Promise<R> {
  if (key) {
    const existing = await find(key);
    if (existing) {
      if (existing.requestHash !== hash) throw TRANSFER_ERRORS.idempotencyConflict(what);
      return existing;
    }
  }
  try {
    return await create();
  } catch (err) {
    if (!key || !isUniqueViolation(err)) throw err;
    const winner = await find(key);
    if (!winner) throw err;
    if (winner.requestHash !== hash) throw TRANSFER_ERRORS.idempotencyConflict(what);
    return winner;
  }
}

export function newAuthorizationId(): string {
  return randomUUID();
}

export function newTransferId(): string {
  return randomUUID();
}

function user(legalName: string) {
  return { legal_name: legalName, phone_number: null, email_address: null, address: null };
}

export function authorizationObject(a: SandboxTransferAuthorization): TransferAuthorization {
  const type = a.type as TransferType;
  return {
    id: a.id,
    created: plaidTimestamp(a.createdAt),
    decision: a.decision as TransferAuthorizationDecision,
    decision_rationale: a.rationaleCode ? { code: a.rationaleCode as never, description: a.rationaleText ?? "" } : null,
    guarantee_decision: NULL_GUARANTEE,
    guarantee_decision_rationale: null,
    payment_risk: null,
    proposed_transfer: {
      ach_class: (a.achClass as ACHClass | null) ?? undefined,
      account_id: a.accountId,
      funding_account_id: null,
      type,
      user: user(a.legalName),
      amount: a.amount,
      requested_amount: a.amount,
      network: a.network,
      origination_account_id: "",
      iso_currency_code: "USD",
      originator_client_id: null,
      credit_funds_source: type === TransferType.Credit ? TransferCreditFundsSource.Sweep : NULL_FUNDS_SOURCE,
    },
  };
}

function failureReason(row: { failureCode: string | null; achReturnCode: string | null; failureText: string | null }): TransferFailure | null {
  if (!row.failureText && !row.failureCode && !row.achReturnCode) return null;
  return { failure_code: row.failureCode, ach_return_code: row.achReturnCode, description: row.failureText ?? "" };
}

export function transferObject(t: SandboxPlaidTransfer): Transfer {
  const type = t.type as TransferType;
  return {
    id: t.id,
    authorization_id: t.authorizationId,
    ach_class: (t.achClass as ACHClass | null) ?? undefined,
    account_id: t.accountId,
    funding_account_id: null,
    type,
    user: user(t.legalName),
    amount: t.amount,
    description: t.description,
    created: plaidTimestamp(t.createdAt),
    status: t.status as TransferStatus,
    network: t.network as TransferNetwork,
    cancellable: t.status === TransferStatus.Pending,
    failure_reason: failureReason(t),
    metadata: (t.metadata as Record<string, string> | null) ?? null,
    origination_account_id: "",
    guarantee_decision: NULL_GUARANTEE,
    guarantee_decision_rationale: null,
    iso_currency_code: "USD",
    standard_return_window: null,
    unauthorized_return_window: null,
    expected_settlement_date: null,
    originator_client_id: null,
    refunds: [],
    recurring_transfer_id: null,
    credit_funds_source: type === TransferType.Credit ? TransferCreditFundsSource.Sweep : NULL_FUNDS_SOURCE,
  };
}

export function eventObject(e: SandboxTransferEvent): TransferEvent {
  return {
    event_id: Number(e.id),
    timestamp: plaidTimestamp(e.createdAt),
    event_type: e.eventType as TransferEventType,
    account_id: e.accountId,
    funding_account_id: null,
    transfer_id: e.transferId,
    origination_account_id: null,
    transfer_type: e.transferType as unknown as TransferEvent["transfer_type"],
    transfer_amount: e.amount,
    failure_reason: failureReason(e),
    sweep_id: null,
    sweep_amount: null,
    refund_id: null,
    originator_client_id: null,
  };
}

type Step = { status: TransferStatus; failure?: { failure_code: string | null; ach_return_code: string | null; description: string } };

/** Which statuses a simulated event may come from (Plaid's sandbox rules). */
const SIMULATE_FROM: Partial<Record<TransferEventType, TransferStatus[]>> = {
  [TransferEventType.Posted]: [TransferStatus.Pending],
  [TransferEventType.Settled]: [TransferStatus.Posted],
  [TransferEventType.FundsAvailable]: [TransferStatus.Settled],
  [TransferEventType.Failed]: [TransferStatus.Pending],
  [TransferEventType.Returned]: [TransferStatus.Posted, TransferStatus.Settled, TransferStatus.FundsAvailable],
};

export const SIMULATABLE_EVENTS = Object.keys(SIMULATE_FROM) as TransferEventType[];

/**
 * Moves one transfer by `steps`, in one transaction whose first statement is the conditional update
 * from the status it was read in, so two processes advancing the same transfer write its events once.
 */
async function applySteps(db: PrismaClient, t: SandboxPlaidTransfer, steps: Step[], autoAt: Date | null, at: Date): Promise<boolean> {
  if (steps.length === 0) return false;
  const last = steps[steps.length - 1];
  const failure = steps.find((s) => s.failure)?.failure;
  return db.$transaction(async (tx) => {
    const { count } = await tx.sandboxPlaidTransfer.updateMany({
      where: { id: t.id, status: t.status, autoAt: t.autoAt },
      data: {
        status: last.status,
        autoAt,
        ...(failure ? { failureCode: failure.failure_code, achReturnCode: failure.ach_return_code, failureText: failure.description } : {}),
      },
    });
    if (count !== 1) return false;
    for (const s of steps) {
      await tx.sandboxTransferEvent.create({
        data: {
          transferId: t.id,
          eventType: s.status,
          accountId: t.accountId,
          transferType: t.type,
          amount: t.amount,
          failureCode: s.failure?.failure_code ?? null,
          achReturnCode: s.failure?.ach_return_code ?? null,
          failureText: s.failure?.description ?? null,
          createdAt: at,
        },
      });
    }
    return true;
  });
}

/** The pending event every new transfer starts with. */
export async function recordCreated(db: Pick<PrismaClient, "sandboxTransferEvent">, t: SandboxPlaidTransfer): Promise<void> {
  await db.sandboxTransferEvent.create({
    data: { transferId: t.id, eventType: TransferEventType.Pending, accountId: t.accountId, transferType: t.type, amount: t.amount, createdAt: t.createdAt },
  });
}

/**
 * The automatic progression: a transfer whose auto_at has come runs to the outcome its account
 * decided (failed; or posted, settled and, for a debit, funds_available), and a returning one is
 * returned `delayMs` after that.
 */
export async function advanceDueTransfers(db: PrismaClient, now: Date, delayMs: number): Promise<void> {
  const due = await db.sandboxPlaidTransfer.findMany({ where: { autoAt: { lte: now } }, orderBy: { autoAt: "asc" }, take: 200 });
  for (const t of due) {
    const outcome = t.outcome as TransferOutcome;
    if (t.status === TransferStatus.Pending) {
      if (outcome === "fail") {
        await applySteps(db, t, [{ status: TransferStatus.Failed, failure: SANDBOX_TRANSFER_FAILURE }], null, now);
        continue;
      }
      const steps: Step[] = [{ status: TransferStatus.Posted }, { status: TransferStatus.Settled }];
      if (t.type === TransferType.Debit) steps.push({ status: TransferStatus.FundsAvailable });
      const returnAt = outcome === "return" ? new Date(t.autoAt!.getTime() + delayMs) : null;
      await applySteps(db, t, steps, returnAt, now);
      continue;
    }
    if (outcome === "return" && [TransferStatus.Posted, TransferStatus.Settled, TransferStatus.FundsAvailable].includes(t.status as TransferStatus)) {
      await applySteps(db, t, [{ status: TransferStatus.Returned, failure: SANDBOX_TRANSFER_RETURN }], null, now);
      continue;
    }
    // Nothing left to do automatically (e.g. simulated elsewhere meanwhile).
    await db.sandboxPlaidTransfer.updateMany({ where: { id: t.id, autoAt: t.autoAt }, data: { autoAt: null } });
  }
}

/** /sandbox/transfer/simulate: one event, by hand; the transfer leaves the automatic progression. */
export async function simulateEvent(db: PrismaClient, transferId: string, eventType: TransferEventType, failure: TransferFailure | null | undefined, now: Date): Promise<void> {
  const t = await db.sandboxPlaidTransfer.findUnique({ where: { id: transferId } });
  if (!t) throw TRANSFER_ERRORS.transferNotFound();
  const from = SIMULATE_FROM[eventType] ?? [];
  if (!from.includes(t.status as TransferStatus) || (eventType === TransferEventType.FundsAvailable && t.type !== TransferType.Debit)) {
    throw TRANSFER_ERRORS.badTransition(t.status, eventType);
  }
  const defaults = eventType === TransferEventType.Failed ? SANDBOX_TRANSFER_FAILURE : eventType === TransferEventType.Returned ? SANDBOX_TRANSFER_RETURN : undefined;
  const given = failure ? { failure_code: failure.failure_code ?? null, ach_return_code: failure.ach_return_code ?? null, description: failure.description ?? "" } : undefined;
  const step: Step = { status: eventType as unknown as TransferStatus, ...(defaults ? { failure: given ?? defaults } : {}) };
  if (!(await applySteps(db, t, [step], null, now))) throw TRANSFER_ERRORS.badTransition(t.status, eventType);
}
