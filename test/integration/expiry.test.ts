import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/ledger/balance";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { expireDuePayoutLinks } from "@/lib/payout-links/expire-payout-links";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { getPayoutLink } from "@/lib/payout-links/get-payout-link";
import { listPayoutLinks } from "@/lib/payout-links/list-payout-links";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createFundedOrg } from "../support/fixtures";
import { raceOrderedLocker } from "../support/lock-order";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 20 });
});
afterAll(async () => {
  await db.destroy();
});

describe("expiry", () => {
  it("reads as expired at once, then three concurrent sweepers persist each expiry exactly once and release each hold once", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 1_000_000 });
    const actor = { organizationId: org.organizationId, actor: "test" };
    const links = [];
    for (let i = 0; i < 30; i++) links.push(await generatePayoutLink(db.prisma, actor, { amount: 1_000, currency: "USD", description: `link ${i}` }));
    const due = links.slice(0, 20);
    await db.prisma.payoutLink.updateMany({
      where: { id: { in: due.map((l) => l.id.replace("plink_", "")) } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    // Before any sweep: status reads as expired everywhere, and the money is still held.
    expect((await getPayoutLink(db.prisma, org.organizationId, due[0].token)).status).toBe("expired");
    const expiredPage = await listPayoutLinks(db.prisma, org.organizationId, { status: "expired", limit: 100 });
    expect(expiredPage.data.map((l) => l.id).sort()).toEqual(due.map((l) => l.id).sort());
    const pendingPage = await listPayoutLinks(db.prisma, org.organizationId, { status: "pending", limit: 100 });
    expect(pendingPage.data).toHaveLength(10);
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ held: 30_000 });

    const counts = await Promise.all([0, 1, 2].map(() => expireDuePayoutLinks(db.prisma, { batchSize: 7 }).then(async (n) => {
      let total = n;
      for (let more = n; more > 0; total += more) more = await expireDuePayoutLinks(db.prisma, { batchSize: 7 });
      return total;
    })));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);

    expect(await db.prisma.payoutLink.count({ where: { organizationId: org.organizationId, status: "expired" } })).toBe(20);
    expect(await db.prisma.ledgerEntry.count({ where: { fundingAccountId: org.fundingAccountId, kind: "release" } })).toBe(20);
    expect(await db.prisma.auditEvent.count({ where: { organizationId: org.organizationId, action: "payout_link.expired" } })).toBe(20);
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: 1_000_000 - 10_000, held: 10_000 });
    expect(await expireDuePayoutLinks(db.prisma)).toBe(0);
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });
  it("PostgreSQL: releases holds in funding account order, so sweepers spanning organisations cannot deadlock with each other", async () => {
    if (db.kind !== "postgresql") {
      // PGlite has one connection: the open transaction below would hold it, so this race cannot happen there.
      expect(db.kind).toBe("embedded");
      return;
    }
    // Two organisations, the first's account with the lower id. The second's link falls due
    // first, so a sweeper releasing in the order it found the links would take its account first.
    const a = await createFundedOrg(db.prisma, { deposit: 100_000 });
    const b = await createFundedOrg(db.prisma, { deposit: 100_000 });
    expect(a.fundingAccountId < b.fundingAccountId).toBe(true);
    const linkA = await generatePayoutLink(db.prisma, { organizationId: a.organizationId, actor: "test" }, { amount: 1_000, currency: "USD", description: "a" });
    const linkB = await generatePayoutLink(db.prisma, { organizationId: b.organizationId, actor: "test" }, { amount: 2_000, currency: "USD", description: "b" });
    await db.prisma.payoutLink.update({ where: { id: linkB.id.replace("plink_", "") }, data: { expiresAt: new Date(Date.now() - 2_000) } });
    await db.prisma.payoutLink.update({ where: { id: linkA.id.replace("plink_", "") }, data: { expiresAt: new Date(Date.now() - 1_000) } });

    // Another sweeper (or anything else) moving both accounts, in account id order: a, then b once this sweeper waits.
    const race = await raceOrderedLocker(db.prisma, { table: "funding_accounts", ids: [a.fundingAccountId, b.fundingAccountId], blockedStatement: 'UPDATE "public"."funding_accounts"' }, () =>
      expireDuePayoutLinks(db.prisma),
    );
    expect(race.blocked).toBe(true);
    // A sweeper holding b's account while waiting for a's would have been in a cycle with the other
    // transaction, and PostgreSQL would have aborted one of them (40P01).
    expect(race.other.status).toBe("fulfilled");
    expect(race.result).toEqual({ status: "fulfilled", value: 2 });
    expect(await getBalance(db.prisma, a.organizationId)).toMatchObject({ available: 100_000, held: 0 });
    expect(await getBalance(db.prisma, b.organizationId)).toMatchObject({ available: 100_000, held: 0 });
  });
});
