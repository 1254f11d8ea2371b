// Releasing a removed funding source's bank Item, against a real database (PostgreSQL when
// reachable, else PGlite) and a recording bank: kept while a deposit is pending, kept when the bank
// fails (so the sweep retries), released once under concurrent callers, live sources untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { createFundedOrg, type OrgFixture } from "@/test/support/fixtures";
import type { BankLink } from "../bank-link/types";
import { encrypt } from "../crypto/encryption";
import { newId } from "../ids";
import { releaseRemovedSourceItem, releaseRemovedSourceItems } from "./removed-source-items";

let db: TestDatabase;
let org: OrgFixture;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 10 });
  org = await createFundedOrg(db.prisma);
});
afterAll(async () => {
  await db?.destroy();
});

/** A bank that records the access tokens it was asked to remove and answers `answer` (true: gone). */
function recordingBank(answer: () => boolean = () => true) {
  const removed: string[] = [];
  const bank = {
    removeItem: async (accessToken: string) => {
      removed.push(accessToken);
      return answer();
    },
  } as Pick<BankLink, "removeItem"> as BankLink;
  return { bank, removed };
}

async function source(options: { removed: boolean; accessToken: string }) {
  const row = await db.prisma.fundingSource.create({
    data: {
      id: newId(),
      organizationId: org.organizationId,
      institutionName: "First Platypus Bank",
      mask: "0000",
      routingNumber: "011401533",
      accountNumberCiphertext: encrypt("1111222233330000"),
      plaidItemId: `item-${options.accessToken}`,
      plaidAccountId: "acc-1",
      plaidAccessTokenCiphertext: encrypt(options.accessToken),
      removedAt: options.removed ? new Date() : null,
    },
  });
  return row.id;
}

async function pendingDeposit(fundingSourceId: string) {
  const d = await db.prisma.deposit.create({
    data: { id: newId(), organizationId: org.organizationId, fundingAccountId: org.fundingAccountId, fundingSourceId, amount: 1_000, currency: "USD", rail: "plaid-transfer" },
  });
  return d.id;
}

const tokenKept = async (id: string) => (await db.prisma.fundingSource.findUniqueOrThrow({ where: { id } })).plaidAccessTokenCiphertext !== null;

describe("releasing a removed funding source's Item", () => {
  it("waits for the last pending deposit, then removes the Item with the decrypted token and forgets it", async () => {
    const id = await source({ removed: true, accessToken: "access-pending" });
    const first = await pendingDeposit(id);
    const second = await pendingDeposit(id);
    const { bank, removed } = recordingBank();

    expect(await releaseRemovedSourceItem(db.prisma, id, bank)).toBe(false);
    await db.prisma.deposit.update({ where: { id: first }, data: { status: "succeeded" } });
    expect(await releaseRemovedSourceItem(db.prisma, id, bank)).toBe(false);
    expect(removed).toEqual([]);
    expect(await tokenKept(id)).toBe(true);

    await db.prisma.deposit.update({ where: { id: second }, data: { status: "failed" } });
    expect(await releaseRemovedSourceItem(db.prisma, id, bank)).toBe(true);
    expect(removed).toEqual(["access-pending"]);
    expect(await tokenKept(id)).toBe(false);
    // Released already: nothing more to do.
    expect(await releaseRemovedSourceItem(db.prisma, id, bank)).toBe(false);
    expect(removed).toHaveLength(1);
  });

  it("keeps the token when the bank could not remove the Item; the sweep removes it later", async () => {
    const id = await source({ removed: true, accessToken: "access-bank-down" });
    let up = false;
    const { bank, removed } = recordingBank(() => up);
    expect(await releaseRemovedSourceItem(db.prisma, id, bank)).toBe(false);
    expect(await tokenKept(id)).toBe(true);

    up = true;
    expect(await releaseRemovedSourceItems(db.prisma, { bank })).toBeGreaterThanOrEqual(1);
    expect(await tokenKept(id)).toBe(false);
    expect(removed).toEqual(["access-bank-down", "access-bank-down"]);
  });

  it("the sweep leaves live sources, sources with a pending deposit, and released ones alone", async () => {
    const live = await source({ removed: false, accessToken: "access-live" });
    const waiting = await source({ removed: true, accessToken: "access-waiting" });
    await pendingDeposit(waiting);
    const { bank, removed } = recordingBank();
    await releaseRemovedSourceItems(db.prisma, { bank });
    expect(removed).not.toContain("access-live");
    expect(removed).not.toContain("access-waiting");
    expect(await tokenKept(live)).toBe(true);
    expect(await tokenKept(waiting)).toBe(true);
  });

  it("concurrent releases of one source: every caller settles, one forgets the token", async () => {
    const id = await source({ removed: true, accessToken: "access-race" });
    const { bank } = recordingBank();
    const results = await Promise.all(Array.from({ length: 10 }, () => releaseRemovedSourceItem(db.prisma, id, bank)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await tokenKept(id)).toBe(false);
  });
});
