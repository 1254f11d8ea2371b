import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { getBalance } from "@/lib/ledger/balance";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createFundedOrg } from "../support/fixtures";

// Real races: on PostgreSQL every call below gets its own pooled connection and they run at once.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 60 });
});
afterAll(async () => {
  expect(await verifyLedger(db.prisma)).toEqual([]);
  await db.destroy();
});

const input = { amount: 10_000, currency: "USD" as const, description: "race" };

describe("concurrency on the funding balance and link state", () => {
  it("50 generates racing for a balance that covers 10: exactly 10 succeed, the rest are insufficient_funds", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 100_000 });
    const actor = { organizationId: org.organizationId, actor: "test" };
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => generatePayoutLink(db.prisma, actor, input)));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const err of refused) expect(err).toBeInstanceOf(AppError), expect((err as AppError).code).toBe("insufficient_funds");
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: 0, held: 100_000 });
    expect(await db.prisma.payoutLink.count({ where: { organizationId: org.organizationId } })).toBe(10);
  });

  it("20 cancels of one link: one succeeds, 19 get payout_link_cancelled, the hold is released once", async () => {
    const org = await createFundedOrg(db.prisma, { deposit: 50_000 });
    const actor = { organizationId: org.organizationId, actor: "test" };
    const link = await generatePayoutLink(db.prisma, actor, input);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => cancelPayoutLink(db.prisma, actor, link.id)));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason.code).toBe("payout_link_cancelled");
    }
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: 50_000, held: 0 });
    expect(await db.prisma.ledgerEntry.count({ where: { payoutLinkId: link.id.replace("plink_", ""), kind: "release" } })).toBe(1);
  });
});

describe("idempotency under concurrency", () => {
  it("20 concurrent requests with one Idempotency-Key create one link and all answer with it", async () => {
    const { withIdempotency } = await import("@/lib/http/idempotency");
    const org = await createFundedOrg(db.prisma, { deposit: 1_000_000 });
    const actor = { organizationId: org.organizationId, actor: "test" };
    const scope = { organizationId: org.organizationId, key: "order-4127", requestHash: "same-body" };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        withIdempotency(db.prisma, scope, async (tx) => ({ status: 201, body: { data: await generatePayoutLink(tx, actor, input) } })),
      ),
    );
    const ids = new Set(results.map((r) => (r.body as { data: { id: string } }).data.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await db.prisma.payoutLink.count({ where: { organizationId: org.organizationId } })).toBe(1);
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ held: input.amount });

    const other = await withIdempotency(db.prisma, { ...scope, requestHash: "another-body" }, async () => ({ status: 201, body: {} })).catch((e) => e);
    expect(other).toBeInstanceOf(AppError);
    expect((other as AppError).code).toBe("idempotency_key_reused");
  });
});
