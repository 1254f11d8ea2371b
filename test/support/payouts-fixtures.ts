import { randomBytes } from "node:crypto";
import { encrypt } from "@/lib/crypto/encryption";
import { sha256Hex } from "@/lib/crypto/secrets";
import type { PrismaClient } from "@/lib/db/generated/client";
import { newId } from "@/lib/ids";

export type SeededPayout = { linkId: string; transactionId: string; paymentMethodId: string; recipientId: string };

/**
 * `count` links already claimed, with their queued payouts, written in bulk but exactly as
 * generate (hold on the default funding account + hold entry) and submit (recipient, payment
 * method, transaction, link claimed) would leave them. The account number picks the sandbox rail's
 * outcome (…0002 fails, …0003 returns, anything else settles).
 */
export async function seedClaimedPayouts(
  prisma: PrismaClient,
  org: { organizationId: string; fundingAccountId: string },
  options: { count: number; amount?: number; accountNumber?: string; expiresAt?: Date },
): Promise<SeededPayout[]> {
  const amount = options.amount ?? 1_000;
  const accountNumber = options.accountNumber ?? "1111222233330000";
  const expiresAt = options.expiresAt ?? new Date(Date.now() + 7 * 24 * 3600_000);
  const now = new Date();
  const rows = Array.from({ length: options.count }, () => ({ linkId: newId(), transactionId: newId(), paymentMethodId: newId(), recipientId: newId() }));
  const accountCiphertext = encrypt(accountNumber);
  const chunk = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / 500) }, (_, i) => xs.slice(i * 500, i * 500 + 500));
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.fundingAccount.updateMany({
      where: { id: org.fundingAccountId, available: { gte: amount * rows.length } },
      data: { available: { decrement: amount * rows.length }, held: { increment: amount * rows.length } },
    });
    if (count !== 1) throw new Error("seedClaimedPayouts: not enough available balance");
    for (const part of chunk(rows)) {
      await tx.ledgerEntry.createMany({
        data: part.map((r) => ({ fundingAccountId: org.fundingAccountId, kind: "hold" as const, amount, payoutLinkId: r.linkId, createdAt: now })),
      });
      await tx.payoutLink.createMany({
        data: part.map((r) => {
          const token = randomBytes(32).toString("base64url");
          return {
            id: r.linkId,
            organizationId: org.organizationId,
            fundingAccountId: org.fundingAccountId,
            tokenHash: sha256Hex(token),
            tokenCiphertext: encrypt(token), // as generate stores it: events serialize the link, token included
            amount,
            currency: "USD",
            description: "seeded claimed link",
            status: "claimed" as const,
            expiresAt,
            createdAt: now,
            claimedAt: now,
            recipientId: r.recipientId,
            transactionId: r.transactionId,
          };
        }),
      });
      await tx.recipient.createMany({
        data: part.map((r) => ({ id: r.recipientId, organizationId: org.organizationId, name: "Seeded Claimant", email: "claimant@example.com", emailNormalized: "claimant@example.com" })),
      });
      await tx.paymentMethod.createMany({
        data: part.map((r) => ({
          id: r.paymentMethodId,
          organizationId: org.organizationId,
          recipientId: r.recipientId,
          institutionName: "Seeded Bank",
          mask: accountNumber.slice(-4),
          routingNumber: "011401533",
          accountNumberCiphertext: accountCiphertext,
        })),
      });
      await tx.transaction.createMany({
        data: part.map((r) => ({
          id: r.transactionId,
          organizationId: org.organizationId,
          payoutLinkId: r.linkId,
          recipientId: r.recipientId,
          paymentMethodId: r.paymentMethodId,
          amount,
          currency: "USD",
          status: "queued" as const,
          createdAt: now,
          nextCheckAt: now,
        })),
      });
    }
  }, { timeout: 60_000 });
  return rows;
}

/** What submit does on a pending link whose earlier payout failed or was returned: a new claim and payout. */
export async function reclaim(prisma: PrismaClient, linkId: string, accountNumber = "1111222233330000"): Promise<string> {
  const link = await prisma.payoutLink.findUniqueOrThrow({ where: { id: linkId } });
  const transactionId = newId();
  const paymentMethodId = newId();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.payoutLink.updateMany({
      where: { id: linkId, status: "pending" },
      data: { status: "claimed", claimedAt: new Date(), transactionId },
    });
    if (count !== 1) throw new Error(`reclaim: link ${linkId} is ${link.status}`);
    await tx.paymentMethod.create({
      data: {
        id: paymentMethodId,
        organizationId: link.organizationId,
        recipientId: link.recipientId!,
        institutionName: "Seeded Bank",
        mask: accountNumber.slice(-4),
        routingNumber: "011401533",
        accountNumberCiphertext: encrypt(accountNumber),
      },
    });
    await tx.transaction.create({
      data: { id: transactionId, organizationId: link.organizationId, payoutLinkId: linkId, recipientId: link.recipientId!, paymentMethodId, amount: link.amount, currency: "USD" },
    });
  });
  return transactionId;
}
