// Settling a pending deposit against a real database (PostgreSQL when reachable, else PGlite):
// workers racing to credit or fail the same deposit move it exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/support/database";
import { createFundedOrg } from "@/test/support/fixtures";
import { newId } from "../ids";
import { creditDeposit, failDeposit } from "./deposits";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 10 });
});
afterAll(async () => {
  await db?.destroy();
});

describe("settling a pending deposit", () => {
  it("workers racing to settle one pending debit (10 credit, 10 fail, each in its own transaction) move it once: one credit or none", async () => {
    const prisma = db.prisma;
    const org = await createFundedOrg(prisma, { name: "Settle racer" });
    const row = await prisma.deposit.create({
      data: { id: newId(), organizationId: org.organizationId, fundingAccountId: org.fundingAccountId, amount: 4_321, currency: "USD", rail: "plaid-transfer", railReference: "tr_race" },
    });
    const at = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        prisma.$transaction((tx) => (i % 2 === 0 ? creditDeposit(tx, row, at) : failDeposit(tx, row, "R01 insufficient funds", at))),
      ),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const after = await prisma.deposit.findUniqueOrThrow({ where: { id: row.id } });
    const credits = await prisma.ledgerEntry.count({ where: { depositId: row.id } });
    expect(after.status).not.toBe("pending");
    expect(credits).toBe(after.status === "succeeded" ? 1 : 0);
    const account = await prisma.fundingAccount.findUniqueOrThrow({ where: { id: org.fundingAccountId } });
    expect(account.available).toBe(BigInt(after.status === "succeeded" ? 4_321 : 0));
    const events = await prisma.event.count({ where: { organizationId: org.organizationId, type: { in: ["deposit.succeeded", "deposit.failed"] } } });
    expect(events).toBe(1);
  });
});
