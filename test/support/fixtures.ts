import { createApiKey, type Capability } from "@/lib/auth/api-keys";
import { createOrganization } from "@/lib/auth/organizations";
import type { PrismaClient } from "@/lib/db/generated/client";
import { deposit } from "@/lib/ledger/entries";

export type OrgFixture = { organizationId: string; fundingAccountId: string; apiKey: string; apiKeyId: string };

/** An organisation with a funded default account and an API key (treasury unless told otherwise). */
export async function createFundedOrg(
  prisma: PrismaClient,
  options: { name?: string; deposit?: number; maxLinkAmount?: number; capabilities?: Capability[] } = {},
): Promise<OrgFixture> {
  const { organization, fundingAccount } = await createOrganization(prisma, {
    name: options.name ?? "Test Org",
    maxLinkAmount: options.maxLinkAmount,
  });
  if (options.deposit) await deposit(prisma, { fundingAccountId: fundingAccount.id, amount: options.deposit, description: "test deposit" });
  const { apiKey, secret } = await createApiKey(prisma, {
    organizationId: organization.id,
    name: "test key",
    capabilities: options.capabilities ?? ["treasury"],
  });
  return { organizationId: organization.id, fundingAccountId: fundingAccount.id, apiKey: secret, apiKeyId: apiKey.id };
}
