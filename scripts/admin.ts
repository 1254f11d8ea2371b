// npm run admin -- <command> [options]: headless setup for operators (no dashboard needed).
// On the embedded database it refuses while `npm start` runs (one process per data directory).
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

const USAGE = `usage: npm run admin -- <command> [options]

  setup        --name <org name> [--deposit <cents>] [--cap <cents>]
               an organisation, a treasury API key and a sandbox deposit, in one go
  create-org   --name <org name> [--cap <cents>]
  create-key   --org <org_…> [--key-name <name>] [--no-treasury]
  revoke-key   --key <key_…>
  deposit      --org <org_…> --amount <cents>      (sandbox: credits at once, no real money)
  create-user  --email <email> --name <name> --org <org_…> [--role viewer|operator|admin] [--password <pw>]
               a dashboard user (or an existing one) as a member of the organisation; role
               defaults to admin; without --password a random one is generated and printed once
  list-orgs
  verify-ledger                                     checks every balance against its ledger entries

Amounts are integer cents: --deposit 1000000 is $10,000.00.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" },
    "key-name": { type: "string" },
    org: { type: "string" },
    key: { type: "string" },
    amount: { type: "string" },
    deposit: { type: "string" },
    cap: { type: "string" },
    "no-treasury": { type: "boolean" },
    email: { type: "string" },
    role: { type: "string" },
    password: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function cents(flag: string, value: string | undefined, required = false): number | undefined {
  if (value === undefined) return required ? fail(`--${flag} is required`) : undefined;
  if (!/^[1-9][0-9]{0,14}$/.test(value)) fail(`--${flag} must be a positive integer number of cents (got "${value}")`);
  return Number(value);
}

const command = positionals[0];
if (!command || values.help) {
  console.log(USAGE);
  process.exit(command ? 0 : 2);
}

const { openDatabase } = await import("../lib/db/client");
const { EmbeddedDatabaseBusyError } = await import("../lib/db/embedded-lock");
const { createOrganization } = await import("../lib/auth/organizations");
const { createApiKey, revokeApiKey } = await import("../lib/auth/api-keys");
const { createDeposit } = await import("../lib/funding/deposits");
const { AppError } = await import("../lib/errors/app-error");
const { getBalance } = await import("../lib/ledger/balance");
const { verifyLedger } = await import("../lib/ledger/verify-ledger");
const { newId, parsePublicId, publicId } = await import("../lib/ids");
const { createUser, findUserByEmail } = await import("../lib/operators/users");
const { EmailAddress } = await import("../lib/operators/email-address");
const { MEMBER_ROLES } = await import("../lib/operators/roles");
const { randomToken } = await import("../lib/crypto/secrets");

const orgId = (value: string | undefined) => (value ? parsePublicId("organization", value) : null) ?? fail("--org must be an org_… id");
const dollars = (c: number) => `$${(c / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;

/**
 * The API's own deposit (lib/funding/deposits.ts) on the sandbox rail whatever PAYOUT_RAIL says:
 * credited at once, no money moves; it is listed under GET /treasury/deposits like any other.
 */
async function sandboxDeposit(organizationId: string, amount: number) {
  try {
    return await createDeposit(prisma, { organizationId, actor: "admin-cli" }, { amount, currency: "USD", description: "Sandbox deposit (admin CLI): no real money" }, { rail: "sandbox" });
  } catch (err) {
    if (err instanceof AppError) fail(err.message);
    throw err;
  }
}

let opened;
try {
  opened = await openDatabase({ command: `npm run admin -- ${command}` });
} catch (err) {
  if (err instanceof EmbeddedDatabaseBusyError) {
    console.error(`${err.message}\n(The API and, later, the dashboard do the same things while the server runs.)`);
    process.exit(1);
  }
  throw err;
}
const { prisma } = opened;
try {
  await opened.migrate();
  switch (command) {
    case "setup": {
      const name = values.name ?? fail("--name is required");
      const amount = cents("deposit", values.deposit);
      const { organization } = await createOrganization(prisma, { name, maxLinkAmount: cents("cap", values.cap) });
      if (amount) await sandboxDeposit(organization.id, amount);
      const { apiKey, secret } = await createApiKey(prisma, { organizationId: organization.id, name: "Admin CLI key", capabilities: ["treasury"] });
      console.log(`organization  ${publicId("organization", organization.id)}  ${organization.name}`);
      console.log(`api key       ${secret}   (${publicId("apiKey", apiKey.id)}; shown once, store it now)`);
      console.log(`balance       ${dollars(amount ?? 0)} available (sandbox)`);
      break;
    }
    case "create-org": {
      const name = values.name ?? fail("--name is required");
      const { organization } = await createOrganization(prisma, { name, maxLinkAmount: cents("cap", values.cap) });
      console.log(publicId("organization", organization.id));
      break;
    }
    case "create-key": {
      const organizationId = orgId(values.org);
      const { apiKey, secret } = await createApiKey(prisma, {
        organizationId,
        name: values["key-name"] ?? "Admin CLI key",
        capabilities: values["no-treasury"] ? [] : ["treasury"],
      });
      console.log(`${secret}   (${publicId("apiKey", apiKey.id)}; shown once, store it now)`);
      break;
    }
    case "revoke-key": {
      const id = (values.key ? parsePublicId("apiKey", values.key) : null) ?? fail("--key must be a key_… id");
      const key = await prisma.apiKey.findUnique({ where: { id } });
      if (!key) fail(`no API key ${values.key}`);
      const revoked = await revokeApiKey(prisma, { organizationId: key.organizationId, apiKeyId: id });
      console.log(revoked ? `revoked ${values.key}` : `${values.key} was already revoked`);
      break;
    }
    case "deposit": {
      const organizationId = orgId(values.org);
      const amount = cents("amount", values.amount, true)!;
      const made = await sandboxDeposit(organizationId, amount);
      const balance = await getBalance(prisma, organizationId);
      console.log(`deposited ${dollars(amount)} (sandbox, ${made.id}); available ${dollars(balance.available)}, held ${dollars(balance.held)}`);
      break;
    }
    case "create-user": {
      const organizationId = orgId(values.org);
      const email = EmailAddress.safeParse(values.email ?? "");
      if (!email.success) fail("--email must be an email address");
      const role = (values.role ?? "admin") as (typeof MEMBER_ROLES)[number];
      if (!MEMBER_ROLES.includes(role)) fail(`--role must be one of ${MEMBER_ROLES.join(", ")}`);
      const org = await prisma.organization.findUnique({ where: { id: organizationId } });
      if (!org) fail(`no organisation ${values.org}`);
      let user = await findUserByEmail(prisma, email.data);
      let password: string | null = null;
      if (!user) {
        const name = values.name ?? fail("--name is required for a new user");
        password = values.password ?? randomToken(15);
        if (password.length < 12 || password.length > 256) fail("--password must be 12 to 256 characters");
        user = await createUser(prisma, { email: email.data, name, password });
      } else if (values.password) {
        fail(`${email.data} already has an account: its password is left as it is (drop --password)`);
      }
      const existing = await prisma.membership.findUnique({ where: { organizationId_userId: { organizationId, userId: user.id } } });
      if (existing) fail(`${email.data} is already a member of ${org.name} (${existing.role})`);
      await prisma.membership.create({ data: { id: newId(), organizationId, userId: user.id, role } });
      console.log(`${email.data} is now ${role === "admin" ? "an" : "a"} ${role} of ${org.name}; sign in at /sign-in`);
      if (password && !values.password) console.log(`password      ${password}   (shown once, store it now)`);
      break;
    }
    case "list-orgs": {
      for (const org of await prisma.organization.findMany({ orderBy: { createdAt: "asc" } })) {
        const balance = await getBalance(prisma, org.id);
        console.log(`${publicId("organization", org.id)}  ${org.name}  available ${dollars(balance.available)}  held ${dollars(balance.held)}`);
      }
      break;
    }
    case "verify-ledger": {
      const violations = await verifyLedger(prisma);
      if (violations.length) {
        for (const v of violations) console.error(`✗ ${v.fundingAccountId}: ${v.problem}`);
        process.exitCode = 1;
      } else console.log("✓ every balance equals the sum of its ledger entries; none is negative");
      break;
    }
    default:
      fail(`unknown command "${command}"`);
  }
} finally {
  await opened.close();
}
