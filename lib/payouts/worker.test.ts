import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBalance } from "@/lib/ledger/balance";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { idempotencyKeyFor, type InitiateInput, type PayoutRail } from "@/lib/payouts/rail";
import { SANDBOX_FAILURE_REASON, SANDBOX_RETURN_REASON, SandboxRail } from "@/lib/payouts/sandbox-rail";
import { runPayoutTick, type PayoutTickResult } from "@/lib/payouts/worker";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { createFundedOrg, type OrgFixture } from "@/test/support/fixtures";
import { reclaim, seedClaimedPayouts } from "@/test/support/payouts-fixtures";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 20 });
});
afterAll(async () => {
  await db.destroy();
});

/**
 * A clock the test moves by hand, shared by the rail and the worker. It starts a minute ahead of
 * real time, so payouts seeded after it was made (due at the real time of seeding) are due on it
 * however slowly the seeding runs.
 */
function clock(start = Date.now() + 60_000) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

/** Counts initiations per idempotency key, around a real rail. */
function counting(rail: PayoutRail) {
  const initiations = new Map<string, number>();
  const wrapped: PayoutRail = {
    name: rail.name,
    initiate: (input: InitiateInput) => {
      initiations.set(input.idempotencyKey, (initiations.get(input.idempotencyKey) ?? 0) + 1);
      return rail.initiate(input);
    },
    status: (ref, ctx) => rail.status(ref, ctx),
  };
  return { rail: wrapped, initiations };
}

async function drain(rail: PayoutRail, workerId: string, now?: () => Date, batchSize = 10): Promise<PayoutTickResult> {
  const total: PayoutTickResult = { leased: 0, initiated: 0, settled: 0, failed: 0, returned: 0, errors: 0 };
  for (;;) {
    const r = await runPayoutTick(db.prisma, rail, { workerId, batchSize, now });
    for (const k of Object.keys(total) as (keyof PayoutTickResult)[]) total[k] += r[k];
    if (r.leased === 0) return total;
  }
}

const entriesOf = (linkId: string) =>
  db.prisma.ledgerEntry.findMany({ where: { payoutLinkId: linkId }, orderBy: { id: "asc" } }).then((es) => es.map((e) => ({ kind: e.kind, amount: Number(e.amount), transactionId: e.transactionId })));

describe("payout worker on the sandbox rail", () => {
  let org: OrgFixture;
  beforeAll(async () => {
    org = await createFundedOrg(db.prisma, { deposit: 10_000_000 });
  });

  it("queued → processing (rail reference recorded) → settled after the delay: the hold becomes one debit and the link is completed", async () => {
    const c = clock();
    const rail = new SandboxRail(db.prisma, { delayMs: 5_000, now: c.now });
    const before = await getBalance(db.prisma, org.organizationId);
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1, amount: 2_500 });

    expect(await runPayoutTick(db.prisma, rail, { workerId: "w1", now: c.now })).toMatchObject({ leased: 1, initiated: 1, settled: 0 });
    const processing = await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } });
    expect(processing).toMatchObject({ status: "processing", rail: "sandbox", leaseOwner: null });
    expect(processing.railReference).toMatch(/^sbx_tr_/);
    expect(processing.nextCheckAt!.getTime()).toBe(c.now().getTime() + 5_000);
    expect((await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } })).status).toBe("claimed");

    c.advance(4_000);
    expect((await runPayoutTick(db.prisma, rail, { workerId: "w1", now: c.now })).leased).toBe(0);
    c.advance(1_000);
    expect(await runPayoutTick(db.prisma, rail, { workerId: "w1", now: c.now })).toMatchObject({ leased: 1, initiated: 0, settled: 1 });

    const txn = await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } });
    expect(txn).toMatchObject({ status: "settled", railReference: processing.railReference, nextCheckAt: null, failureReason: null });
    const link = await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } });
    expect(link.status).toBe("completed");
    expect(link.completedAt).toEqual(c.now());
    expect(await entriesOf(p.linkId)).toEqual([
      { kind: "hold", amount: 2_500, transactionId: null },
      { kind: "debit", amount: 2_500, transactionId: p.transactionId },
    ]);
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: before.available - 2_500, held: before.held });
    expect((await drain(rail, "w1", () => new Date(c.now().getTime() + 3600_000))).leased).toBe(0); // nothing left to watch
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });

  it("a failed payout (account …0002) puts the link back to pending with attempt_count and last_failure, still held; the next claim pays once", async () => {
    const rail = new SandboxRail(db.prisma, { delayMs: 0 });
    const before = await getBalance(db.prisma, org.organizationId);
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1, amount: 3_000, accountNumber: "9876543210000002" });

    expect(await drain(rail, "w1")).toMatchObject({ initiated: 1, settled: 0, failed: 1 });
    expect(await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } })).toMatchObject({ status: "failed", failureReason: SANDBOX_FAILURE_REASON, nextCheckAt: null });
    const link = await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } });
    expect(link).toMatchObject({ status: "pending", attemptCount: 1, lastFailure: `payout failed: ${SANDBOX_FAILURE_REASON}`, claimedAt: null, transactionId: p.transactionId });
    expect(await entriesOf(p.linkId)).toEqual([{ kind: "hold", amount: 3_000, transactionId: null }]);
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: before.available - 3_000, held: before.held + 3_000 });
    expect(await verifyLedger(db.prisma)).toEqual([]);

    // The claimant tries again with a good account: the hold still in place covers it.
    const second = await reclaim(db.prisma, p.linkId);
    expect(await drain(rail, "w1")).toMatchObject({ initiated: 1, settled: 1, failed: 0 });
    expect(await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } })).toMatchObject({ status: "completed", attemptCount: 1, transactionId: second });
    expect(await entriesOf(p.linkId)).toEqual([
      { kind: "hold", amount: 3_000, transactionId: null },
      { kind: "debit", amount: 3_000, transactionId: second },
    ]);
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: before.available - 3_000, held: before.held });
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });

  it("a failed payout on a link past its expiry expires the link and releases the hold", async () => {
    const c = clock();
    const rail = new SandboxRail(db.prisma, { delayMs: 10_000, now: c.now });
    const before = await getBalance(db.prisma, org.organizationId);
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1, amount: 4_000, accountNumber: "5550002", expiresAt: new Date(c.now().getTime() + 5_000) });
    await drain(rail, "w1", c.now);
    c.advance(10_000); // fails after the link's expiry
    expect(await drain(rail, "w1", c.now)).toMatchObject({ failed: 1 });
    expect(await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } })).toMatchObject({
      status: "expired",
      expiredAt: c.now(),
      attemptCount: 1,
      lastFailure: `payout failed: ${SANDBOX_FAILURE_REASON}`,
    });
    expect(await entriesOf(p.linkId)).toEqual([
      { kind: "hold", amount: 4_000, transactionId: null },
      { kind: "release", amount: 4_000, transactionId: p.transactionId },
    ]);
    expect(await getBalance(db.prisma, org.organizationId)).toEqual(before);
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });

  it("a return after settlement (account …0003): settled and completed first, then a reversal re-holds the amount and the link is pending again", async () => {
    const c = clock();
    const rail = new SandboxRail(db.prisma, { delayMs: 1_000, now: c.now });
    const before = await getBalance(db.prisma, org.organizationId);
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1, amount: 5_000, accountNumber: "4440003" });
    expect(await drain(rail, "w1", c.now)).toMatchObject({ initiated: 1 });
    c.advance(1_000);
    expect(await drain(rail, "w1", c.now)).toMatchObject({ settled: 1, returned: 0 });
    expect((await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } })).status).toBe("completed");
    expect((await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } })).nextCheckAt).toEqual(new Date(c.now().getTime() + 1_000));
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: before.available - 5_000, held: before.held });
    expect(await verifyLedger(db.prisma)).toEqual([]);

    c.advance(1_000);
    expect(await drain(rail, "w1", c.now)).toMatchObject({ settled: 0, returned: 1 });
    expect(await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } })).toMatchObject({ status: "returned", failureReason: SANDBOX_RETURN_REASON, returnedAt: c.now(), nextCheckAt: null });
    expect(await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } })).toMatchObject({
      status: "pending",
      attemptCount: 1,
      lastFailure: `payout returned: ${SANDBOX_RETURN_REASON}`,
      completedAt: null,
    });
    expect(await entriesOf(p.linkId)).toEqual([
      { kind: "hold", amount: 5_000, transactionId: null },
      { kind: "debit", amount: 5_000, transactionId: p.transactionId },
      { kind: "reversal", amount: 5_000, transactionId: p.transactionId },
    ]);
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: before.available - 5_000, held: before.held + 5_000 });
    expect(await verifyLedger(db.prisma)).toEqual([]);

    // Paid again to a good account: a second debit, for the second transaction.
    const second = await reclaim(db.prisma, p.linkId);
    c.advance(1_000);
    await drain(rail, "w1", c.now);
    c.advance(1_000);
    expect(await drain(rail, "w1", c.now)).toMatchObject({ settled: 1 });
    expect((await entriesOf(p.linkId)).map((e) => `${e.kind}:${e.transactionId ?? "-"}`)).toEqual(["hold:-", `debit:${p.transactionId}`, `reversal:${p.transactionId}`, `debit:${second}`]);
    expect(await getBalance(db.prisma, org.organizationId)).toMatchObject({ available: before.available - 5_000, held: before.held });
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });

  it("a return on a link past its expiry: reversal, then the link expires and the hold is released", async () => {
    const rail = new SandboxRail(db.prisma, { delayMs: 0 });
    const before = await getBalance(db.prisma, org.organizationId);
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1, amount: 6_000, accountNumber: "4440003", expiresAt: new Date(Date.now() + 50) });
    await new Promise((r) => setTimeout(r, 100));
    // At zero delay the rail reports "returned" at the first look: settle and return in one tick.
    expect(await drain(rail, "w1")).toMatchObject({ initiated: 1, settled: 1, returned: 1 });
    expect(await db.prisma.payoutLink.findUniqueOrThrow({ where: { id: p.linkId } })).toMatchObject({ status: "expired", attemptCount: 1 });
    expect((await entriesOf(p.linkId)).map((e) => e.kind)).toEqual(["hold", "debit", "reversal", "release"]);
    expect(await getBalance(db.prisma, org.organizationId)).toEqual(before);
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });

  it("two workers racing over the same batches initiate each payout exactly once", async () => {
    const { rail, initiations } = counting(new SandboxRail(db.prisma, { delayMs: 0 }));
    const seeded = await seedClaimedPayouts(db.prisma, org, { count: 60, amount: 100 });
    const [a, b] = await Promise.all([drain(rail, "racer-a", undefined, 7), drain(rail, "racer-b", undefined, 7)]);
    expect(a.settled + b.settled).toBe(60);
    for (const s of seeded) expect(initiations.get(idempotencyKeyFor(s.transactionId)), s.transactionId).toBe(1);
    expect(await db.prisma.sandboxTransfer.count({ where: { idempotencyKey: { in: seeded.map((s) => idempotencyKeyFor(s.transactionId)) } } })).toBe(60);
    expect(await db.prisma.payoutLink.count({ where: { id: { in: seeded.map((s) => s.linkId) }, status: "completed" } })).toBe(60);
    expect(await db.prisma.ledgerEntry.count({ where: { kind: "debit", transactionId: { in: seeded.map((s) => s.transactionId) } } })).toBe(60);
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });

  it("a crashed worker's lease is honoured until it lapses, then another worker carries on with the same rail transfer", async () => {
    const { rail, initiations } = counting(new SandboxRail(db.prisma, { delayMs: 0 }));
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1, amount: 700 });
    const key = idempotencyKeyFor(p.transactionId);
    // The dead worker leased the row, got the rail to accept the payout, and died before recording it.
    const { reference } = await new SandboxRail(db.prisma, { delayMs: 0 }).initiate({ idempotencyKey: key, amount: 700, currency: "USD", account: { routingNumber: "011401533", accountNumber: "1111222233330000", mask: "0000" } });
    await db.prisma.transaction.update({ where: { id: p.transactionId }, data: { leaseOwner: "dead-worker", leaseExpiresAt: new Date(Date.now() + 60_000) } });

    expect((await runPayoutTick(db.prisma, rail, { workerId: "survivor" })).leased).toBe(0);
    expect((await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } })).status).toBe("queued");

    await db.prisma.transaction.update({ where: { id: p.transactionId }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    expect(await runPayoutTick(db.prisma, rail, { workerId: "survivor" })).toMatchObject({ leased: 1, initiated: 1, settled: 1 });
    expect(await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } })).toMatchObject({ status: "settled", railReference: reference, leaseOwner: null });
    expect(initiations.get(key)).toBe(1);
    expect(await db.prisma.sandboxTransfer.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });

  it("a rail that errors on initiate leaves the payout queued with the error and a backoff, and it goes through later", async () => {
    const sandbox = new SandboxRail(db.prisma, { delayMs: 0 });
    let down = true;
    const flaky: PayoutRail = {
      name: "sandbox",
      initiate: (input) => (down ? Promise.reject(new Error("rail unavailable (503)")) : sandbox.initiate(input)),
      status: (ref, ctx) => sandbox.status(ref, ctx),
    };
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1, amount: 800 });
    const c = clock(); // the backoff is measured on it, so a slow machine cannot outlast it
    expect(await runPayoutTick(db.prisma, flaky, { workerId: "w1", now: c.now })).toMatchObject({ leased: 1, errors: 1, initiated: 0 });
    const txn = await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } });
    expect(txn).toMatchObject({ status: "queued", railErrorCount: 1, lastRailError: "rail unavailable (503)", leaseOwner: null, railReference: null });
    expect(txn.nextCheckAt!.getTime()).toBeGreaterThan(c.now().getTime());
    expect((await runPayoutTick(db.prisma, flaky, { workerId: "w1", now: c.now })).leased).toBe(0); // backing off

    down = false;
    c.advance(5_000);
    expect(await runPayoutTick(db.prisma, flaky, { workerId: "w1", now: c.now })).toMatchObject({ initiated: 1, settled: 1, errors: 0 });
    expect(await db.prisma.transaction.findUniqueOrThrow({ where: { id: p.transactionId } })).toMatchObject({ status: "settled", railErrorCount: 0, lastRailError: null });
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });

  it("verifyLedger reports a settled payout without its debit, and a second debit is refused by the database", async () => {
    const [p] = await seedClaimedPayouts(db.prisma, org, { count: 1, amount: 900 });
    await db.prisma.transaction.update({ where: { id: p.transactionId }, data: { status: "settled", nextCheckAt: null } });
    const problems = await verifyLedger(db.prisma);
    expect(problems.map((v) => v.problem)).toContain(`payout ${p.transactionId} is settled with 0 debit(s) and 0 reversal(s)`);
    await db.prisma.transaction.update({ where: { id: p.transactionId }, data: { status: "queued", nextCheckAt: new Date() } });
    await drain(new SandboxRail(db.prisma, { delayMs: 0 }), "w1");
    await expect(
      db.prisma.ledgerEntry.create({ data: { fundingAccountId: org.fundingAccountId, kind: "debit", amount: 900, payoutLinkId: p.linkId, transactionId: p.transactionId } }),
    ).rejects.toThrow();
    expect(await verifyLedger(db.prisma)).toEqual([]);
  });
});
