import "server-only";
import {
  ACHClass,
  TransferAuthorizationDecision,
  TransferEventListTransferType,
  TransferEventType,
  TransferNetwork,
  TransferStatus,
  TransferType,
  type SandboxTransferSimulateRequest,
  type SandboxTransferSimulateResponse,
  type TransferAuthorizationCreateRequest,
  type TransferAuthorizationCreateResponse,
  type TransferCreateRequest,
  type TransferCreateResponse,
  type TransferEventListRequest,
  type TransferEventListResponse,
  type TransferEventSyncRequest,
  type TransferEventSyncResponse,
  type TransferGetRequest,
  type TransferGetResponse,
} from "plaid";
import { z } from "zod";
import { config } from "../../config";
import { itemAccounts } from "./institutions";
import { itemForAccessToken } from "./items";
import { SandboxPlaidError } from "./plaid-error";
import { plaidEndpoint, type SandboxContext } from "./route";
import { declineRationale, transferOutcomeFor } from "./transfer-outcomes";
import {
  SIMULATABLE_EVENTS,
  TRANSFER_ERRORS,
  advanceDueTransfers,
  authorizationObject,
  eventObject,
  idempotentCreate,
  newAuthorizationId,
  newTransferId,
  recordCreated,
  requestHash,
  simulateEvent,
  transferObject,
} from "./transfer-store";

// Plaid Transfer, served by the sandbox bank with the `plaid` package's request and response types
// (see plaidEndpoint): authorization, creation, lookup, the event stream, and the sandbox's simulate.

const CREDENTIAL_FIELDS = { client_id: true, secret: true } as const;
/** Plaid: "a decimal string with two digits of precision", greater than zero. */
const TransferAmount = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,12})\.[0-9]{2}$/, "must be a decimal string with two digits of precision, e.g. \"10.00\"")
  .refine((a) => Number(a) > 0, "must be greater than zero");
/** Plaid allows idempotency keys of up to 50 characters. */
const IdempotencyKey = z.string().min(1).max(50).nullish();

function settlementDelayMs(): number {
  return config().SANDBOX_SETTLEMENT_DELAY_MS;
}

/** The item and the account an access token and account id name, with the account's number. */
async function itemAccount(ctx: SandboxContext, accessToken: string, accountId: string) {
  const { item, institution } = await itemForAccessToken(ctx.db, accessToken);
  const account = itemAccounts(item.id, institution).find((a) => a.base.account_id === accountId);
  if (!account) throw new SandboxPlaidError("INVALID_ACCOUNT_ID");
  return { item, accountNumber: account.ach.account };
}

export const transferAuthorizationCreate = plaidEndpoint<TransferAuthorizationCreateRequest, TransferAuthorizationCreateResponse>()({
  fields: {
    ...CREDENTIAL_FIELDS,
    access_token: true, account_id: true, funding_account_id: true, ledger_id: true, payment_profile_token: true, type: true,
    network: true, amount: true, ach_class: true, wire_details: true, user: true, device: true, origination_account_id: true,
    iso_currency_code: true, idempotency_key: true, user_present: true, with_guarantee: true, request_guarantee: true,
    beacon_session_id: true, originator_client_id: true, credit_funds_source: true, test_clock_id: true, ruleset_key: true,
    custom_attributes: true,
  },
  schema: z.object({
    access_token: z.string(),
    account_id: z.string(),
    type: z.enum(TransferType),
    network: z.enum(TransferNetwork),
    amount: TransferAmount,
    ach_class: z.enum(ACHClass).optional(),
    user: z.object({ legal_name: z.string().min(1).max(200), email_address: z.string().optional(), phone_number: z.string().optional() }),
    iso_currency_code: z.literal("USD").optional(),
    idempotency_key: IdempotencyKey,
  }),
  async handle(input, ctx) {
    if (input.network !== TransferNetwork.Ach && input.network !== TransferNetwork.SameDayAch) {
      throw new SandboxPlaidError("INVALID_FIELD", "network: the sandbox bank carries ach and same-day-ach transfers only");
    }
    // Plaid requires the ACH SEC code on ACH transfers.
    if (!input.ach_class) {
      throw new SandboxPlaidError("MISSING_FIELDS", "ach_class");
    }
    const { item, accountNumber } = await itemAccount(ctx, input.access_token, input.account_id);
    const outcome = transferOutcomeFor(accountNumber);
    const hash = requestHash({
      item: item.id, account: input.account_id, type: input.type, network: input.network, amount: input.amount,
      ach_class: input.ach_class ?? null, legal_name: input.user.legal_name,
    });
    const rationale = outcome === "decline" ? declineRationale(input.type) : null;
    const row = await idempotentCreate(
      input.idempotency_key,
      hash,
      "authorization",
      (key) => ctx.db.sandboxTransferAuthorization.findUnique({ where: { idempotencyKey: key } }),
      () =>
        ctx.db.sandboxTransferAuthorization.create({
          data: {
            id: newAuthorizationId(),
            idempotencyKey: input.idempotency_key ?? null,
            requestHash: hash,
            itemId: item.id,
            accountId: input.account_id,
            type: input.type,
            network: input.network,
            achClass: input.ach_class ?? null,
            amount: input.amount,
            legalName: input.user.legal_name,
            decision: rationale ? TransferAuthorizationDecision.Declined : TransferAuthorizationDecision.Approved,
            rationaleCode: rationale?.code ?? null,
            rationaleText: rationale?.description ?? null,
            outcome,
            createdAt: ctx.now,
          },
        }),
    );
    return { authorization: authorizationObject(row) };
  },
});

export const transferCreate = plaidEndpoint<TransferCreateRequest, TransferCreateResponse>()({
  fields: {
    ...CREDENTIAL_FIELDS,
    idempotency_key: true, access_token: true, account_id: true, authorization_id: true, type: true, network: true, amount: true,
    description: true, ach_class: true, user: true, metadata: true, origination_account_id: true, iso_currency_code: true,
    test_clock_id: true, facilitator_fee: true,
  },
  schema: z.object({
    idempotency_key: z.string().min(1).max(50).optional(),
    access_token: z.string(),
    account_id: z.string(),
    authorization_id: z.string(),
    amount: TransferAmount.optional(),
    // Plaid: at most 15 characters (it appears on the account holder's statement).
    description: z.string().min(1).max(15),
    metadata: z.record(z.string(), z.string()).nullish(),
    iso_currency_code: z.literal("USD").optional(),
  }),
  async handle(input, ctx) {
    const { item } = await itemAccount(ctx, input.access_token, input.account_id);
    const authorization = await ctx.db.sandboxTransferAuthorization.findUnique({ where: { id: input.authorization_id } });
    if (!authorization) throw TRANSFER_ERRORS.authorizationNotFound();
    if (authorization.itemId !== item.id || authorization.accountId !== input.account_id) throw TRANSFER_ERRORS.authorizationMismatch("account");
    if (input.amount !== undefined && input.amount !== authorization.amount) throw TRANSFER_ERRORS.authorizationMismatch("amount");
    if (authorization.decision !== TransferAuthorizationDecision.Approved) throw TRANSFER_ERRORS.notAuthorized();
    const hash = requestHash({ authorization: authorization.id, item: item.id, account: input.account_id, description: input.description, metadata: input.metadata ?? null });
    const row = await idempotentCreate(
      input.idempotency_key,
      hash,
      "transfer",
      (key) => ctx.db.sandboxPlaidTransfer.findUnique({ where: { idempotencyKey: key } }),
      async () => {
        try {
          return await ctx.db.$transaction(async (tx) => {
            const t = await tx.sandboxPlaidTransfer.create({
              data: {
                id: newTransferId(),
                authorizationId: authorization.id,
                idempotencyKey: input.idempotency_key ?? null,
                requestHash: hash,
                itemId: item.id,
                accountId: input.account_id,
                type: authorization.type,
                network: authorization.network,
                achClass: authorization.achClass,
                amount: authorization.amount,
                description: input.description,
                legalName: authorization.legalName,
                metadata: input.metadata ?? undefined,
                status: TransferStatus.Pending,
                outcome: authorization.outcome,
                autoAt: new Date(ctx.now.getTime() + settlementDelayMs()),
                createdAt: ctx.now,
              },
            });
            await recordCreated(tx, t);
            return t;
          });
        } catch (err) {
          // The authorization already paid for another transfer (not a replay of this key).
          const used = await ctx.db.sandboxPlaidTransfer.findUnique({ where: { authorizationId: authorization.id } });
          if (used && used.idempotencyKey !== (input.idempotency_key ?? null)) throw TRANSFER_ERRORS.authorizationUsed();
          throw err;
        }
      },
    );
    return { transfer: transferObject(row) };
  },
});

export const transferGet = plaidEndpoint<TransferGetRequest, TransferGetResponse>()({
  fields: { ...CREDENTIAL_FIELDS, transfer_id: true, authorization_id: true, originator_client_id: true },
  schema: z.object({ transfer_id: z.string().optional(), authorization_id: z.string().optional() }),
  async handle(input, ctx) {
    if (!input.transfer_id && !input.authorization_id) throw new SandboxPlaidError("MISSING_FIELDS", "transfer_id or authorization_id");
    await advanceDueTransfers(ctx.db, ctx.now, settlementDelayMs());
    const t = input.transfer_id
      ? await ctx.db.sandboxPlaidTransfer.findUnique({ where: { id: input.transfer_id } })
      : await ctx.db.sandboxPlaidTransfer.findUnique({ where: { authorizationId: input.authorization_id! } });
    if (!t) throw TRANSFER_ERRORS.transferNotFound();
    return { transfer: transferObject(t) };
  },
});

export const transferEventList = plaidEndpoint<TransferEventListRequest, TransferEventListResponse>()({
  fields: {
    ...CREDENTIAL_FIELDS,
    start_date: true, end_date: true, transfer_id: true, account_id: true, transfer_type: true, event_types: true, sweep_id: true,
    count: true, offset: true, origination_account_id: true, originator_client_id: true, funding_account_id: true,
  },
  schema: z.object({
    start_date: z.iso.datetime().nullish(),
    end_date: z.iso.datetime().nullish(),
    transfer_id: z.string().nullish(),
    account_id: z.string().nullish(),
    transfer_type: z.enum(TransferEventListTransferType).nullish(),
    event_types: z.array(z.enum(TransferEventType)).optional(),
    count: z.int().min(1).max(25).nullish(),
    offset: z.int().min(0).nullish(),
  }),
  async handle(input, ctx) {
    await advanceDueTransfers(ctx.db, ctx.now, settlementDelayMs());
    const count = input.count ?? 25;
    const rows = await ctx.db.sandboxTransferEvent.findMany({
      where: {
        ...(input.transfer_id ? { transferId: input.transfer_id } : {}),
        ...(input.account_id ? { accountId: input.account_id } : {}),
        ...(input.transfer_type ? { transferType: input.transfer_type } : {}),
        ...(input.event_types?.length ? { eventType: { in: input.event_types } } : {}),
        ...(input.start_date || input.end_date
          ? { createdAt: { ...(input.start_date ? { gte: new Date(input.start_date) } : {}), ...(input.end_date ? { lte: new Date(input.end_date) } : {}) } }
          : {}),
      },
      orderBy: { id: "asc" },
      skip: input.offset ?? 0,
      take: count + 1,
    });
    return { transfer_events: rows.slice(0, count).map(eventObject), has_more: rows.length > count };
  },
});

export const transferEventSync = plaidEndpoint<TransferEventSyncRequest, TransferEventSyncResponse>()({
  fields: { ...CREDENTIAL_FIELDS, after_id: true, count: true },
  schema: z.object({ after_id: z.int().min(0), count: z.int().min(1).max(500).nullish() }),
  async handle(input, ctx) {
    await advanceDueTransfers(ctx.db, ctx.now, settlementDelayMs());
    const count = input.count ?? 25;
    const rows = await ctx.db.sandboxTransferEvent.findMany({ where: { id: { gt: BigInt(input.after_id) } }, orderBy: { id: "asc" }, take: count + 1 });
    return { transfer_events: rows.slice(0, count).map(eventObject), has_more: rows.length > count };
  },
});

export const sandboxTransferSimulate = plaidEndpoint<SandboxTransferSimulateRequest, SandboxTransferSimulateResponse>()({
  fields: { ...CREDENTIAL_FIELDS, transfer_id: true, test_clock_id: true, event_type: true, failure_reason: true, webhook: true },
  schema: z.object({
    transfer_id: z.string(),
    event_type: z.enum(SIMULATABLE_EVENTS as [TransferEventType, ...TransferEventType[]]),
    failure_reason: z
      .object({ failure_code: z.string().nullish(), ach_return_code: z.string().nullish(), description: z.string().max(500).optional() })
      .nullish(),
  }),
  async handle(input, ctx) {
    // Due automatic steps first, so a simulated event follows them rather than racing them.
    await advanceDueTransfers(ctx.db, ctx.now, settlementDelayMs());
    await simulateEvent(ctx.db, input.transfer_id, input.event_type, input.failure_reason, ctx.now);
    return {};
  },
});
