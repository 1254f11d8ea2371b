import "server-only";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createApiKey } from "../auth/api-keys";
import { createOrganization } from "../auth/organizations";
import type { PrismaClient } from "../db/generated/client";
import { createDeposit } from "../funding/deposits";

export const DEMO_ORGANIZATION_NAME = "Demo Company (sandbox)";
export const DEMO_DEPOSIT_CENTS = 1_000_000; // $10,000.00

export function demoKeyPath(dataDir: string) {
  return path.join(dataDir, "demo-api-key");
}

/**
 * On an empty database, creates the demo organisation with a $10,000.00 sandbox balance and an
 * API key. The key is kept in .data/demo-api-key (mode 0600, git-ignored) so the README's curl
 * examples work as pasted; real keys are shown once and only their hash is kept.
 */
export async function seedDemoIfEmpty(prisma: PrismaClient, dataDir: string): Promise<{ seeded: boolean; apiKey: string | null }> {
  const existing = await prisma.organization.count();
  if (existing > 0) {
    let apiKey: string | null = null;
    try {
      apiKey = readFileSync(demoKeyPath(dataDir), "utf8").trim();
    } catch {}
    return { seeded: false, apiKey };
  }
  const { secret } = await prisma.$transaction(async (tx) => {
    const { organization } = await createOrganization(tx, { name: DEMO_ORGANIZATION_NAME });
    // A sandbox deposit object like the API's, so the demo balance shows under GET /treasury/deposits.
    await createDeposit(tx, { organizationId: organization.id, actor: "system:demo-seed" }, { amount: DEMO_DEPOSIT_CENTS, currency: "USD", description: "Sandbox deposit (demo seed): no real money" }, { rail: "sandbox" });
    return createApiKey(tx, { organizationId: organization.id, name: "Demo key", capabilities: ["treasury"] });
  });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(demoKeyPath(dataDir), secret + "\n", { mode: 0o600 });
  chmodSync(demoKeyPath(dataDir), 0o600);
  return { seeded: true, apiKey: secret };
}
