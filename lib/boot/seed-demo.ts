import "server-only";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createApiKey } from "../auth/api-keys";
import { createOrganization } from "../auth/organizations";
import type { PrismaClient } from "../db/generated/client";
import { createDeposit } from "../funding/deposits";
import { randomToken } from "../crypto/secrets";
import { createUser } from "../operators/users";
import { newId } from "../ids";

export const DEMO_ORGANIZATION_NAME = "Demo Company (sandbox)";
export const DEMO_DEPOSIT_CENTS = 1_000_000; // $10,000.00

export const DEMO_OPERATOR_EMAIL = "admin@demo.payout-links.test";

export function demoOperatorPath(dataDir: string) {
  return path.join(dataDir, "demo-operator");
}

export type DemoOperator = { email: string; password: string };

function readDemoOperator(dataDir: string): DemoOperator | null {
  try {
    const [email, password] = readFileSync(demoOperatorPath(dataDir), "utf8").split("\n");
    return email && password ? { email: email.trim(), password: password.trim() } : null;
  } catch {
    return null;
  }
}

/**
 * The demo organisation's admin, so the dashboard can be tried at once: created on the first start
 * that finds the demo organisation without any dashboard user (a fresh install, or one made before
 * the dashboard existed), with a random password kept in .data/demo-operator (mode 0600) and
 * printed in the start banner. Later starts read it back for the banner.
 */
export async function seedDemoOperatorIfMissing(prisma: PrismaClient, dataDir: string): Promise<{ seeded: boolean; operator: DemoOperator | null }> {
  const demo = await prisma.organization.findFirst({ where: { name: DEMO_ORGANIZATION_NAME }, orderBy: { createdAt: "asc" } });
  if (!demo || (await prisma.user.count()) > 0) return { seeded: false, operator: readDemoOperator(dataDir) };
  const operator = { email: DEMO_OPERATOR_EMAIL, password: randomToken(15) };
  try {
    await prisma.$transaction(async (tx) => {
      const user = await createUser(tx, { email: operator.email, name: "Demo Admin", password: operator.password });
      await tx.membership.create({ data: { id: newId(), organizationId: demo.id, userId: user.id, role: "admin" } });
    });
  } catch (err) {
    // Several processes starting at once on PostgreSQL (SEED_DEMO): one of them created it.
    if ((err as { code?: string }).code === "P2002") return { seeded: false, operator: readDemoOperator(dataDir) };
    throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(demoOperatorPath(dataDir), `${operator.email}\n${operator.password}\n`, { mode: 0o600 });
  chmodSync(demoOperatorPath(dataDir), 0o600);
  return { seeded: true, operator };
}

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
