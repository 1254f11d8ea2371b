import "server-only";
import { bankLink } from "../bank-link/bank-link";
import { storedAccountColumns } from "../bank-link/stored-account";
import { BankLinkError, type BankLink } from "../bank-link/types";
import { decrypt } from "../crypto/encryption";
import type { FundingSource as FundingSourceRow } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { cursorId, pageTake, toPage } from "../http/cursor-page";
import { newId, publicId } from "../ids";
import { findLiveFundingSource } from "./find-funding-source";
import { tryReleaseRemovedSourceItem } from "./removed-source-items";
import type { FundingLinkToken, FundingSource, FundingSourceList, LinkFundingSourceInput, ListFundingSourcesQuery } from "./schemas";

// The organisation's own bank account(s), linked through the same bank-link module as claimants'
// accounts (real Plaid or the built-in sandbox bank) and stored like payment methods: mask and
// routing number shown, account number and access token encrypted. Route handlers and the
// dashboard's server actions call these same functions.

type Actor = { organizationId: string; actor: string };

/** Field by field on purpose: the row also holds the account number and Plaid ciphertext, which never leave. */
export function serializeFundingSource(row: FundingSourceRow): FundingSource {
  return {
    id: publicId("fundingSource", row.id),
    object: "funding_source",
    type: "us_bank_account",
    bank_name: row.institutionName,
    account_name: row.accountName,
    account_type: row.accountSubtype,
    mask: row.mask,
    routing_number: row.routingNumber,
    created_at: row.createdAt.toISOString(),
  };
}

function bankError(err: BankLinkError): AppError {
  switch (err.kind) {
    case "public_token_invalid":
      return new AppError("public_token_invalid", { param: "public_token", message: "The public token is invalid, expired or already used: open Link again." });
    case "account_not_found":
      return new AppError("account_not_found", { param: "account_id", message: "That account is not part of the bank connection." });
    case "rate_limited":
      return new AppError("rate_limited", { retryAfterSeconds: 30, message: "The bank link service is busy; try again in a minute." });
    case "bank_unavailable":
      return new AppError("bank_unavailable");
    default:
      throw err; // misconfiguration is ours: a logged 500
  }
}

/** A Link token for the operator to open Plaid Link (or the sandbox Link) with. */
export async function createFundingLinkToken(
  db: DbOrTx,
  actor: Actor,
  bank: BankLink = bankLink(),
): Promise<FundingLinkToken> {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { name: true } });
  try {
    const token = await bank.createLinkToken({ clientUserId: `funding:${actor.organizationId}`, clientName: organization.name });
    return { object: "link_token", link_token: token.linkToken, expiration: new Date(token.expiration).toISOString(), sandbox: bank.mode === "sandbox" };
  } catch (err) {
    if (err instanceof BankLinkError) throw bankError(err);
    throw err;
  }
}

/**
 * Exchanges Link's public token and stores the chosen account. The bank calls happen before any
 * write; if the write fails the Item is removed at the bank, so nothing is half-kept.
 */
export async function linkFundingSource(db: DbOrTx, actor: Actor, input: LinkFundingSourceInput, bank: BankLink = bankLink()): Promise<FundingSource> {
  let account;
  try {
    account = await bank.linkAccount({ publicToken: input.public_token, accountId: input.account_id });
  } catch (err) {
    if (err instanceof BankLinkError) throw bankError(err);
    throw err;
  }
  try {
    const row = await db.fundingSource.create({
      data: {
        id: newId(),
        organizationId: actor.organizationId,
        ...storedAccountColumns(account),
      },
    });
    await db.auditEvent.create({ data: { organizationId: actor.organizationId, actor: actor.actor, action: "funding_source.linked", subjectId: row.id } });
    return serializeFundingSource(row);
  } catch (err) {
    await bank.removeItem(account.accessToken).catch(() => {});
    throw err;
  }
}

/** Live (not removed) funding sources, newest first. */
export async function listFundingSources(db: DbOrTx, organizationId: string, query: ListFundingSourcesQuery = {}): Promise<FundingSourceList> {
  const before = await cursorId("fundingSource", query.starting_after, organizationId, (id) =>
    db.fundingSource.findUnique({ where: { id }, select: { organizationId: true } }),
  );
  const rows = await db.fundingSource.findMany({
    where: { organizationId, removedAt: null, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: pageTake(query.limit),
  });
  return toPage(rows, query.limit, serializeFundingSource);
}

/**
 * Removes a funding source: it can no longer be deposited from; deposits already on their way
 * finish. The row stays (deposits name it). Its Item is removed at the bank now, or, when a deposit
 * is still on its way (the deposit worker needs the access token to start it), once the last one
 * ends (lib/funding/removed-source-items.ts).
 */
export async function removeFundingSource(db: DbOrTx, actor: Actor, reference: string, bank?: BankLink): Promise<FundingSource> {
  const row = await findLiveFundingSource(db, actor.organizationId, reference);
  const at = new Date();
  const { count } = await db.fundingSource.updateMany({ where: { id: row.id, removedAt: null }, data: { removedAt: at } });
  if (count !== 1) throw new AppError("funding_source_not_found", { param: "id" });
  await db.auditEvent.create({ data: { organizationId: actor.organizationId, actor: actor.actor, action: "funding_source.removed", subjectId: row.id } });
  // The removal stands whatever the bank says; a release that fails here is retried by the sweep.
  await tryReleaseRemovedSourceItem(db, row.id, bank);
  return serializeFundingSource({ ...row, removedAt: at });
}
