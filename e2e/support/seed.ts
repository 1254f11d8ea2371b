// Seeds the end-to-end server's fresh embedded database before `next start` opens it (run by
// scripts/e2e-server.mjs with `tsx --conditions=react-server`), then writes what the specs need to
// E2E_FIXTURES. Links whose states the API cannot produce on demand (expired; claimed, processing
// and settled payouts) are made here with direct database access.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createApiKey } from "@/lib/auth/api-keys";
import { createOrganization } from "@/lib/auth/organizations";
import type { BankLink } from "@/lib/bank-link/types";
import { submitClaim } from "@/lib/claims/submit-claim";
import { openDatabase } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrate";
import { deposit } from "@/lib/ledger/entries";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { claimTokenHash } from "@/lib/payout-links/claim-token";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { newId } from "@/lib/ids";
import { createUser } from "@/lib/operators/users";
import type { MemberRole } from "@/lib/operators/roles";
import type { E2EFixtures, FixtureLink } from "./fixture-types";
import { E2E_OPERATORS, E2E_OTHER_ORGANIZATION_NAME, type E2EOperator } from "./operators";

const ORGANIZATION_NAME = "Acme Rewards";

// Stands in for the bank when seeding claimed links: the seed runs before the server (and its
// sandbox bank) is up. It answers like the sandbox's First Platypus Bank checking account.
const seedBank: BankLink = {
  mode: "sandbox",
  createLinkToken: async () => ({ linkToken: "link-sandbox-seed", expiration: new Date(Date.now() + 3600_000).toISOString() }),
  linkAccount: async ({ accountId }) => ({
    itemId: `item-seed-${accountId}`,
    accessToken: `access-sandbox-seed-${accountId}`,
    accountId,
    institutionId: "ins_109508",
    institutionName: "First Platypus Bank",
    accountName: "Plaid Checking",
    accountSubtype: "checking",
    mask: "0000",
    routingNumber: "011401533",
    accountNumber: "1111222233330000",
    nameMatchScore: null,
  }),
  removeItem: async () => true,
};

async function main() {
  const dataDir = process.env.DATA_DIR;
  const out = process.env.E2E_FIXTURES;
  if (!dataDir || !out) throw new Error("DATA_DIR and E2E_FIXTURES must be set");
  const opened = await openDatabase({ dataDir, command: "e2e seed" });
  try {
    await applyMigrations(opened.adapter);
    const fixtures = await seed(opened.prisma);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(fixtures, null, 2));
  } finally {
    await opened.close();
  }
}

async function seed(prisma: PrismaClient): Promise<E2EFixtures> {
  const { organization, fundingAccount } = await createOrganization(prisma, { name: ORGANIZATION_NAME });
  await deposit(prisma, { fundingAccountId: fundingAccount.id, amount: 100_000_000, description: "e2e deposit" });
  const { secret } = await createApiKey(prisma, { organizationId: organization.id, name: "e2e key", capabilities: ["treasury"] });
  const actor = { organizationId: organization.id, actor: "e2e-seed" };

  const link = async (description: string, amount = 25_000): Promise<FixtureLink> => {
    const created = await generatePayoutLink(prisma, actor, { amount, currency: "USD", description });
    return { token: created.token, url: created.url, amount };
  };

  const expired = await link("Expired seed link");
  await prisma.payoutLink.update({ where: { tokenHash: claimTokenHash(expired.token) }, data: { expiresAt: new Date(Date.now() - 3600_000) } });

  const cancelled = await link("Cancelled seed link");
  await cancelPayoutLink(prisma, actor, cancelled.token);

  const claim = async (fixture: FixtureLink, accountId: string) =>
    submitClaim(prisma, seedBank, fixture.token, {
      name: "Alberta Charleson",
      email: "alberta@example.com",
      public_token: `public-sandbox-seed-${accountId}`,
      account_id: accountId,
    });

  const claimed = await link("Claimed seed link");
  await claim(claimed, "acct-claimed");

  const processing = await link("Processing seed link");
  await claim(processing, "acct-processing");
  const processingRow = await prisma.payoutLink.findUniqueOrThrow({ where: { tokenHash: claimTokenHash(processing.token) } });
  await prisma.transaction.update({ where: { id: processingRow.transactionId! }, data: { status: "processing" } });

  // Display only: the ledger's debit for this payout is not written (the payout worker does that).
  const completed = await link("Completed seed link");
  await claim(completed, "acct-completed");
  const completedRow = await prisma.payoutLink.findUniqueOrThrow({ where: { tokenHash: claimTokenHash(completed.token) } });
  await prisma.transaction.update({ where: { id: completedRow.transactionId! }, data: { status: "settled" } });
  await prisma.payoutLink.update({ where: { id: completedRow.id }, data: { status: "completed", completedAt: new Date() } });

  // Pending again after a failed payout, as the payout worker leaves it (attempt counted, hold kept).
  const retry = await link("Retry seed link");
  await prisma.payoutLink.update({ where: { tokenHash: claimTokenHash(retry.token) }, data: { attemptCount: 1, lastFailure: "payout failed: account closed" } });

  // Dashboard users: the three roles in the e2e organisation, and a second organisation.
  const other = await createOrganization(prisma, { name: E2E_OTHER_ORGANIZATION_NAME });
  await deposit(prisma, { fundingAccountId: other.fundingAccount.id, amount: 100_000, description: "e2e deposit" });
  const otherLink = await generatePayoutLink(
    prisma,
    { organizationId: other.organization.id, actor: "e2e-seed" },
    { amount: 1_000, currency: "USD", description: "Globex seed link" },
  );
  const member = async (who: E2EOperator, memberships: [string, MemberRole][]) => {
    const user = await createUser(prisma, who);
    for (const [organizationId, role] of memberships) {
      await prisma.membership.create({ data: { id: newId(), organizationId, userId: user.id, role } });
    }
  };
  await member(E2E_OPERATORS.admin, [[organization.id, "admin"]]);
  await member(E2E_OPERATORS.operator, [[organization.id, "operator"]]);
  await member(E2E_OPERATORS.viewer, [[organization.id, "viewer"]]);
  await member(E2E_OPERATORS.rateLimited, [[organization.id, "viewer"]]);
  await member(E2E_OPERATORS.otherOrgAdmin, [[other.organization.id, "admin"]]);
  await member(E2E_OPERATORS.twoOrgs, [
    [organization.id, "viewer"],
    [other.organization.id, "admin"],
  ]);

  return {
    organizationName: ORGANIZATION_NAME,
    organizationId: organization.id,
    otherOrganization: { name: E2E_OTHER_ORGANIZATION_NAME, id: other.organization.id, linkId: otherLink.id },
    apiKey: secret,
    sessionSecret: process.env.NEXTAUTH_SECRET ?? "",
    links: { expired, cancelled, claimed, processing, completed, retry },
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
