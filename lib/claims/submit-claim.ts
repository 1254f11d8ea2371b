import "server-only";
import { storedAccountColumns } from "../bank-link/stored-account";
import { BankLinkError, type BankLink, type LinkedAccount } from "../bank-link/types";
import { sha256Hex } from "../crypto/secrets";
import type { PrismaClient } from "../db/generated/client";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { claimTokenHash, isWellFormedClaimToken } from "../payout-links/claim-token";
import { effectiveStatus } from "../payout-links/effective-status";
import { serializePayoutLink } from "../payout-links/serialize-payout-link";
import { recordEvent } from "../webhooks/events";
import type { ClaimReceipt, SubmitClaimInput } from "./schemas";


type LinkRow = NonNullable<Awaited<ReturnType<typeof findLink>>>;

function findLink(db: PrismaClient, token: string) {
  if (!isWellFormedClaimToken(token)) return Promise.resolve(null);
  return db.payoutLink.findUnique({ where: { tokenHash: claimTokenHash(token) }, include: { organization: true } });
}

/** The refusal for a link that is no longer pending, as the claimant's submit sees it. */
function notPending(status: string): AppError {
  if (status === "expired") return new AppError("payout_link_expired", { status: 410, param: "token" });
  if (status === "cancelled") return new AppError("payout_link_cancelled", { param: "token" });
  return new AppError("payout_link_already_claimed", { param: "token" });
}

async function receiptFor(db: PrismaClient, link: { transactionId: string | null; status: string; claimedAt: Date | null; amount: number }): Promise<ClaimReceipt> {
  const transaction = await db.transaction.findUniqueOrThrow({ where: { id: link.transactionId! }, include: { paymentMethod: true } });
  return {
    object: "claim",
    status: link.status === "completed" ? "completed" : "claimed",
    amount: link.amount,
    currency: "USD",
    claimed_at: link.claimedAt!.toISOString(),
    bank: { institution_name: transaction.paymentMethod.institutionName, mask: transaction.paymentMethod.mask },
  };
}

/** The same submit again (the same single-use public token): the original answer, not a 409. */
async function replayIfSameSubmit(db: PrismaClient, linkId: string, publicTokenHash: string): Promise<ClaimReceipt | null> {
  const link = await db.payoutLink.findUniqueOrThrow({ where: { id: linkId } });
  if (link.claimPublicTokenHash === publicTokenHash && link.transactionId) return receiptFor(db, link);
  return null;
}

function toAppError(err: BankLinkError): AppError {
  switch (err.kind) {
    case "public_token_invalid":
      return new AppError("public_token_invalid", { param: "public_token" });
    case "account_not_found":
      return new AppError("account_not_found", { param: "account_id" });
    case "rate_limited":
      return new AppError("rate_limited", { retryAfterSeconds: 30, message: "The bank is busy right now. Please try again in a minute." });
    case "bank_unavailable":
      return new AppError("bank_unavailable");
    default:
      throw err; // configuration problems are ours, not the claimant's: a logged 500
  }
}

/**
 * The claimant's submit. Bank calls happen first, outside any transaction; then one transaction
 * whose first statement is the conditional pending → claimed update, so of any number of
 * concurrent submits exactly one writes anything. The hold placed at generation stays on the
 * funding account for the queued payout. Losers and refusals have their bank Item removed.
 */
export async function submitClaim(db: PrismaClient, bank: BankLink, token: string, input: SubmitClaimInput, now = () => new Date()): Promise<ClaimReceipt> {
  const link = await findLink(db, token);
  if (!link) throw new AppError("payout_link_not_found", { param: "token" });
  const publicTokenHash = sha256Hex(input.public_token);

  const status = effectiveStatus(link, now());
  if (status !== "pending") {
    const replay = await replayIfSameSubmit(db, link.id, publicTokenHash);
    if (replay) return replay;
    throw notPending(status);
  }

  let account: LinkedAccount;
  try {
    account = await bank.linkAccount({ publicToken: input.public_token, accountId: input.account_id, owner: { legalName: input.name, email: input.email } });
  } catch (err) {
    if (!(err instanceof BankLinkError)) throw err;
    // A double-clicked submit: the first one used the public token and may have won already.
    const replay = err.kind === "public_token_invalid" ? await replayIfSameSubmit(db, link.id, publicTokenHash) : null;
    if (replay) return replay;
    throw toAppError(err);
  }

  try {
    const minimum = link.organization.minNameMatchScore;
    if (minimum !== null && (account.nameMatchScore ?? -1) < minimum) {
      throw new AppError("name_mismatch", {
        param: "name",
        message:
          account.nameMatchScore === null
            ? "Your bank did not share the account owner's name, which the sender requires. Try another account, or contact the sender."
            : "The name on this bank account does not match the name you entered. Enter your name as your bank has it, or connect an account in your name.",
      });
    }
    await recordClaim(db, link, input, account, publicTokenHash, now());
  } catch (err) {
    await bank.removeItem(account.accessToken).catch(() => {});
    if (err instanceof LostRace) {
      const replay = await replayIfSameSubmit(db, link.id, publicTokenHash);
      if (replay) return replay;
      const current = await db.payoutLink.findUniqueOrThrow({ where: { id: link.id } });
      throw notPending(effectiveStatus(current, now()));
    }
    throw err;
  }
  return receiptFor(db, await db.payoutLink.findUniqueOrThrow({ where: { id: link.id } }));
}

class LostRace extends Error {}

async function recordClaim(db: PrismaClient, link: LinkRow, input: SubmitClaimInput, account: LinkedAccount, publicTokenHash: string, at: Date) {
  const transactionId = newId();
  const paymentMethodId = newId();
  const emailNormalized = input.email.toLowerCase();
  await db.$transaction(async (tx) => {
    let recipientId = newId();
    let reuse = false;
    if (link.organization.dedupeRecipientsByEmail) {
      // Two claims by the same new email at once must not create two recipients.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${link.organizationId}:${emailNormalized}`}))`;
      const known = await tx.recipient.findFirst({ where: { organizationId: link.organizationId, emailNormalized }, orderBy: { id: "asc" } });
      if (known) {
        recipientId = known.id;
        reuse = true;
      }
    }
    const { count } = await tx.payoutLink.updateMany({
      where: { id: link.id, status: "pending", expiresAt: { gt: at } },
      data: { status: "claimed", claimedAt: at, recipientId, transactionId, claimPublicTokenHash: publicTokenHash },
    });
    if (count !== 1) throw new LostRace();
    if (!reuse) {
      await tx.recipient.create({ data: { id: recipientId, organizationId: link.organizationId, name: input.name, email: input.email, emailNormalized } });
    }
    await tx.paymentMethod.create({
      data: {
        id: paymentMethodId,
        organizationId: link.organizationId,
        recipientId,
        ...storedAccountColumns(account),
        nameMatchScore: account.nameMatchScore,
      },
    });
    await tx.transaction.create({
      data: {
        id: transactionId,
        organizationId: link.organizationId,
        payoutLinkId: link.id,
        recipientId,
        paymentMethodId,
        amount: link.amount,
        currency: link.currency,
        status: "queued",
      },
    });
    await tx.auditEvent.create({
      data: {
        organizationId: link.organizationId,
        actor: "claimant",
        action: "payout_link.claimed",
        subjectId: link.id,
        data: { recipient_id: recipientId, transaction_id: transactionId, reused_recipient: reuse, name_match_score: account.nameMatchScore },
      },
    });
    const claimed = await tx.payoutLink.findUniqueOrThrow({ where: { id: link.id } });
    await recordEvent(tx, { organizationId: link.organizationId, type: "payout_link.claimed", data: serializePayoutLink(claimed, at) });
  });
}
