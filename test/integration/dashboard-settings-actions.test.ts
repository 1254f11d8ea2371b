// The settings pages' server actions, called as Next calls them (FormData in, ActionResult out)
// with a real next-auth session cookie and the real requireRole, against a real database: every
// action refuses a viewer and an operator (and a signed-out caller) on the server and changes
// nothing; an admin's calls do what the page promises.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const jar: Record<string, string> = {};
vi.mock("next/headers", () => ({
  cookies: async () => ({ ...jar }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.ALLOW_PRIVATE_WEBHOOK_URLS = "true";

const { encode } = await import("next-auth/jwt");
const { resetConfigForTests } = await import("@/lib/config");
const { authenticateApiKey, createApiKey } = await import("@/lib/auth/api-keys");
const { newId } = await import("@/lib/ids");
const { createUser } = await import("@/lib/operators/users");
const { createTestDatabase } = await import("../support/database");
const { createFundedOrg } = await import("../support/fixtures");
const apiKeyActions = await import("@/app/dashboard/settings/api-keys/actions");
const limitsActions = await import("@/app/dashboard/settings/limits/actions");
const brandingActions = await import("@/app/dashboard/settings/branding/actions");
const webhookActions = await import("@/app/dashboard/settings/webhooks/actions");
const fundingActions = await import("@/app/dashboard/settings/funding/actions");
const { getBalance } = await import("@/lib/ledger/balance");
const { createWebhookEndpoint } = await import("@/lib/webhooks/endpoints");
const { sendTestWebhookEvent } = await import("@/lib/webhooks/test-event");

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
let db: TestDatabase;
let org: Awaited<ReturnType<typeof createFundedOrg>>;
const users: Record<"admin" | "operator" | "viewer", string> = { admin: "", operator: "", viewer: "" };

beforeAll(async () => {
  resetConfigForTests();
  db = await createTestDatabase({ poolSize: 10 });
  // The actions open the process-wide database through db(): point it at this test's.
  (globalThis as { __payoutLinksDb?: unknown }).__payoutLinksDb = Promise.resolve({ prisma: db.prisma });
  org = await createFundedOrg(db.prisma, { name: "Settings Org", deposit: 100_000 });
  for (const role of ["admin", "operator", "viewer"] as const) {
    const user = await createUser(db.prisma, { email: `${role}@settings.test`, name: role, password: "a long enough password" });
    await db.prisma.membership.create({ data: { id: newId(), organizationId: org.organizationId, userId: user.id, role } });
    users[role] = user.id;
  }
});
afterAll(async () => {
  delete (globalThis as { __payoutLinksDb?: unknown }).__payoutLinksDb;
  await db?.destroy();
});

async function signInAs(who: keyof typeof users | null) {
  for (const k of Object.keys(jar)) delete jar[k];
  if (!who) return;
  const token = await encode({
    token: { userId: users[who], organizationId: org.organizationId, signedInAt: Date.now() },
    secret: process.env.NEXTAUTH_SECRET!,
  });
  jar["next-auth.session-token"] = token;
}

const form = (fields: Record<string, string | string[]>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) f.append(k, value);
  return f;
};

/** Everything the actions could change, to compare before and after a refusal. */
async function snapshot() {
  const [keys, orgRow, endpoints, audit, deposits, sources, balance] = await Promise.all([
    db.prisma.apiKey.findMany({ where: { organizationId: org.organizationId }, orderBy: { id: "asc" } }),
    db.prisma.organization.findUniqueOrThrow({ where: { id: org.organizationId } }),
    db.prisma.webhookEndpoint.findMany({ where: { organizationId: org.organizationId }, orderBy: { id: "asc" } }),
    db.prisma.auditEvent.count({ where: { organizationId: org.organizationId } }),
    db.prisma.deposit.count({ where: { organizationId: org.organizationId } }),
    db.prisma.fundingSource.count({ where: { organizationId: org.organizationId } }),
    getBalance(db.prisma, org.organizationId),
  ]);
  const deliveries = await db.prisma.webhookDelivery.findMany({ where: { endpoint: { organizationId: org.organizationId } }, orderBy: { id: "asc" } });
  return JSON.stringify({ keys, orgRow, endpoints, audit, deposits, sources, balance, deliveries });
}

describe("every settings action refuses viewers, operators and signed-out callers on the server", async () => {
  const cases: [string, () => Promise<{ ok: boolean; error?: { code: string } }>][] = [
    ["create API key", () => apiKeyActions.createApiKeyAction(null, form({ name: "sneaky", treasury: "on" }))],
    ["revoke API key", () => apiKeyActions.revokeApiKeyAction(null, form({ id: `key_${org.apiKeyId}` }))],
    ["save limits", () => limitsActions.saveLimitsAction(null, form({ max_link_amount: "1.00", default_link_ttl_hours: "1", min_name_match_score: "99" }))],
    ["save branding", () => brandingActions.saveBrandingAction(null, form({ display_name: "Hijacked", logo_url: "", accent_color: "#000000", support_email: "" }))],
    ["add webhook endpoint", () => webhookActions.createEndpointAction(null, form({ url: "http://127.0.0.1:9/hook", enabled_events: ["settlement.created"] }))],
    ["delete webhook endpoint", async () => webhookActions.deleteEndpointAction(null, form({ id: await anEndpointId() }))],
    ["reveal webhook secret", async () => webhookActions.revealSecretAction(null, form({ id: await anEndpointId() }))],
    ["rotate webhook secret", async () => webhookActions.rotateSecretAction(null, form({ id: await anEndpointId() }))],
    ["send test event", async () => webhookActions.sendTestEventAction(null, form({ id: await anEndpointId() }))],
    ["retry delivery", async () => webhookActions.retryDeliveryAction(null, form({ id: await aDeliveryId() }))],
    ["funding link token", () => fundingActions.fundingLinkTokenAction()],
    ["link funding bank", () => fundingActions.linkFundingSourceAction(null, form({ public_token: "public-sandbox-x", account_id: "acct" }))],
    ["add funds", () => fundingActions.addFundsAction(null, form({ amount: "100.00", idempotency_key: "k-refused" }))],
  ];

  let endpointId: string | undefined;
  async function anEndpointId() {
    endpointId ??= (await createWebhookEndpoint(db.prisma, org.organizationId, { url: "http://127.0.0.1:9/existing", enabled_events: ["settlement.created"] }, { allowPrivate: true })).id;
    return endpointId;
  }

  let deliveryId: string | undefined;
  async function aDeliveryId() {
    deliveryId ??= (await sendTestWebhookEvent(db.prisma, org.organizationId, await anEndpointId())).id;
    return deliveryId;
  }

  for (const [name, call] of cases) {
    it(name, async () => {
      await aDeliveryId(); // (and the endpoint): made before the snapshots, not inside a call
      for (const [who, code] of [
        ["viewer", "forbidden"],
        ["operator", "forbidden"],
        [null, "unauthenticated"],
      ] as const) {
        await signInAs(who);
        const before = await snapshot();
        const result = await call();
        expect(result, `${name} as ${who ?? "nobody"}`).toMatchObject({ ok: false, error: { code } });
        expect(await snapshot(), `${name} as ${who ?? "nobody"} changed something`).toBe(before);
      }
    });
  }
});

const BLANK_BRANDING: Record<string, string> = { display_name: "", logo_url: "", accent_color: "", support_email: "" };

describe("an admin's settings actions", () => {
  it("create a key that authenticates, then revoke it so the API refuses it with api_key_revoked", async () => {
    await signInAs("admin");
    const created = await apiKeyActions.createApiKeyAction(null, form({ name: "  Billing   backend ", treasury: "on" }));
    if (!created.ok) throw new Error(created.error.message);
    expect(created.data).toMatchObject({ name: "Billing backend", secret: expect.stringMatching(/^sk_test_/) });
    const caller = await authenticateApiKey(db.prisma, `Bearer ${created.data.secret}`, "treasury");
    expect(caller.organizationId).toBe(org.organizationId);

    expect(await apiKeyActions.revokeApiKeyAction(null, form({ id: created.data.id }))).toEqual({ ok: true, data: null });
    await expect(authenticateApiKey(db.prisma, `Bearer ${created.data.secret}`, "treasury")).rejects.toMatchObject({ code: "api_key_revoked", status: 401 });
    // Revoking twice, or another organisation's key, is api_key_not_found on the id field.
    expect(await apiKeyActions.revokeApiKeyAction(null, form({ id: created.data.id }))).toMatchObject({ ok: false, error: { code: "api_key_not_found", param: "id" } });
    const other = await createFundedOrg(db.prisma, { name: "Other" });
    expect(await apiKeyActions.revokeApiKeyAction(null, form({ id: `key_${other.apiKeyId}` }))).toMatchObject({ ok: false, error: { code: "api_key_not_found" } });
    await expect(authenticateApiKey(db.prisma, `Bearer ${other.apiKey}`, "treasury")).resolves.toBeTruthy();
    expect(await apiKeyActions.createApiKeyAction(null, form({ name: "   " }))).toMatchObject({ ok: false, error: { code: "parameter_invalid", param: "name" } });
  });

  it("save limits exactly, and refuse bad dollars next to the field without writing", async () => {
    await signInAs("admin");
    const saved = await limitsActions.saveLimitsAction(null, form({ max_link_amount: "1234.56", default_link_ttl_hours: "48", dedupe_recipients_by_email: "on", min_name_match_score: "70" }));
    expect(saved).toEqual({ ok: true, data: { maxLinkAmount: 123_456, defaultLinkTtlSeconds: 48 * 3600, dedupeRecipientsByEmail: true, minNameMatchScore: 70 } });
    // The API reads them with the key.
    expect((await authenticateApiKey(db.prisma, `Bearer ${org.apiKey}`, "treasury")).organization).toEqual({ maxLinkAmount: 123_456, defaultLinkTtlSeconds: 172_800 });
    for (const bad of ["12.345", "-5", "1,000.00", "$5", "abc"]) {
      const before = await snapshot();
      expect(await limitsActions.saveLimitsAction(null, form({ max_link_amount: bad, default_link_ttl_hours: "48", min_name_match_score: "" }))).toMatchObject({
        ok: false,
        error: { code: "amount_invalid", param: "max_link_amount" },
      });
      expect(await snapshot()).toBe(before);
    }
    expect(await limitsActions.saveLimitsAction(null, form({ max_link_amount: "10", default_link_ttl_hours: "721", min_name_match_score: "" }))).toMatchObject({
      ok: false,
      error: { code: "expires_in_invalid", param: "default_link_ttl_hours" },
    });
    const off = await limitsActions.saveLimitsAction(null, form({ max_link_amount: "10", default_link_ttl_hours: "1", min_name_match_score: "" }));
    expect(off).toMatchObject({ ok: true, data: { dedupeRecipientsByEmail: false, minNameMatchScore: null } });
  });

  it("save branding, and refuse a logo that is not https next to its field", async () => {
    await signInAs("admin");
    const saved = await brandingActions.saveBrandingAction(null, form({ display_name: " Acme  Rewards ", logo_url: "", accent_color: "#FACC15", support_email: "Help@Acme.test" }));
    expect(saved).toEqual({ ok: true, data: { displayName: "Acme Rewards", logoUrl: null, accentColor: "#facc15", supportEmail: "help@acme.test", logoPath: null } });
    for (const [fields, code, param] of [
      [{ logo_url: "http://example.com/logo.png" }, "logo_invalid", "logo_url"],
      [{ logo_url: "not a url" }, "logo_invalid", "logo_url"],
      [{ accent_color: "blue" }, "color_invalid", "accent_color"],
      [{ support_email: "nope" }, "email_invalid", "support_email"],
      [{ display_name: "x".repeat(81) }, "display_name_invalid", "display_name"],
    ] as const) {
      const before = await snapshot();
      const result = await brandingActions.saveBrandingAction(null, form({ ...BLANK_BRANDING, ...fields }));
      expect(result, JSON.stringify(fields)).toMatchObject({ ok: false, error: { code, param } });
      expect(await snapshot()).toBe(before);
    }
  });

  it("add an endpoint, reveal and rotate its secret, delete it", async () => {
    await signInAs("admin");
    const created = await webhookActions.createEndpointAction(null, form({ url: "http://127.0.0.1:9/admin-hook", enabled_events: ["settlement.created", "payout.failed"] }));
    if (!created.ok) throw new Error(created.error.message);
    const revealed = await webhookActions.revealSecretAction(null, form({ id: created.data.id }));
    expect(revealed).toEqual({ ok: true, data: { id: created.data.id, secret: created.data.secret } });
    const rotated = await webhookActions.rotateSecretAction(null, form({ id: created.data.id }));
    if (!rotated.ok) throw new Error(rotated.error.message);
    expect(rotated.data.secret).not.toBe(created.data.secret);
    expect(await webhookActions.revealSecretAction(null, form({ id: created.data.id }))).toMatchObject({ ok: true, data: { secret: rotated.data.secret } });
    const sent = await webhookActions.sendTestEventAction(null, form({ id: created.data.id }));
    if (!sent.ok) throw new Error(sent.error.message);
    const delivery = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: sent.data.deliveryId.replace(/^whd_/, "") }, include: { event: true } });
    expect(delivery.event.type).toBe("webhook.test");
    await db.prisma.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "failed", nextAttemptAt: null } });
    expect(await webhookActions.retryDeliveryAction(null, form({ id: sent.data.deliveryId }))).toEqual({ ok: true, data: null });
    expect((await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("pending");
    expect(await webhookActions.deleteEndpointAction(null, form({ id: created.data.id }))).toEqual({ ok: true, data: null });
    expect(await webhookActions.revealSecretAction(null, form({ id: created.data.id }))).toMatchObject({ ok: false, error: { code: "webhook_endpoint_not_found" } });
    expect(await webhookActions.createEndpointAction(null, form({ url: "http://127.0.0.1:9/x" }))).toMatchObject({ ok: false, error: { code: "event_type_invalid", param: "enabled_events" } });
    expect(await webhookActions.createEndpointAction(null, form({ url: "", enabled_events: ["settlement.created"] }))).toMatchObject({ ok: false, error: { code: "url_invalid", param: "url" } });
    // Reveals are audited.
    expect(await db.prisma.auditEvent.count({ where: { organizationId: org.organizationId, action: "webhook_endpoint.secret_revealed" } })).toBe(2);
  });

  it("add funds exactly once per form, in exact cents; bad dollars refused next to the field", async () => {
    await signInAs("admin");
    const before = await getBalance(db.prisma, org.organizationId);
    const submit = () => fundingActions.addFundsAction(null, form({ amount: "250.05", idempotency_key: "form-1" }));
    // A double submit of the same form (same key), at the same moment.
    const [a, b] = await Promise.all([submit(), submit()]);
    expect(a).toMatchObject({ ok: true, data: { amount: 25_005, status: "succeeded" } });
    expect(b).toEqual(a);
    expect((await getBalance(db.prisma, org.organizationId)).available).toBe(before.available + 25_005);
    for (const [amount, code] of [
      ["12.345", "amount_invalid"],
      ["-5", "amount_invalid"],
      ["1,000.00", "amount_invalid"],
      ["$5", "amount_invalid"],
      ["0", "amount_invalid"],
      ["100000.01", "amount_too_large"],
    ] as const) {
      expect(await fundingActions.addFundsAction(null, form({ amount, idempotency_key: `bad-${amount}` })), amount).toMatchObject({ ok: false, error: { code, param: "amount" } });
    }
    expect((await getBalance(db.prisma, org.organizationId)).available).toBe(before.available + 25_005);
    expect(await fundingActions.addFundsAction(null, form({ amount: "5", funding_source_id: "fs_nope", idempotency_key: "bad-source" }))).toMatchObject({
      ok: false,
      error: { code: "funding_source_not_found", param: "funding_source_id" },
    });
    // Linking the bank needs the sandbox bank's HTTP server: e2e/dashboard-settings.spec.ts covers it.
  });

  it("another organisation's admin cannot touch this organisation's keys or endpoints", async () => {
    const other = await createFundedOrg(db.prisma, { name: "Elsewhere" });
    const user = await createUser(db.prisma, { email: "admin@elsewhere.test", name: "Else", password: "a long enough password" });
    await db.prisma.membership.create({ data: { id: newId(), organizationId: other.organizationId, userId: user.id, role: "admin" } });
    const { apiKey } = await createApiKey(db.prisma, { organizationId: org.organizationId, name: "victim", capabilities: ["treasury"] });
    const endpoint = await createWebhookEndpoint(db.prisma, org.organizationId, { url: "http://127.0.0.1:9/victim", enabled_events: ["settlement.created"] }, { allowPrivate: true });
    for (const k of Object.keys(jar)) delete jar[k];
    jar["next-auth.session-token"] = await encode({ token: { userId: user.id, organizationId: other.organizationId, signedInAt: Date.now() }, secret: process.env.NEXTAUTH_SECRET! });
    expect(await apiKeyActions.revokeApiKeyAction(null, form({ id: `key_${apiKey.id}` }))).toMatchObject({ ok: false, error: { code: "api_key_not_found" } });
    expect(await webhookActions.revealSecretAction(null, form({ id: endpoint.id }))).toMatchObject({ ok: false, error: { code: "webhook_endpoint_not_found" } });
    // A session cookie naming an organisation the user is not a member of acts in the user's own
    // organisation (findOperatorContext), so it still finds nothing here.
    jar["next-auth.session-token"] = await encode({ token: { userId: user.id, organizationId: org.organizationId, signedInAt: Date.now() }, secret: process.env.NEXTAUTH_SECRET! });
    expect(await webhookActions.revealSecretAction(null, form({ id: endpoint.id }))).toMatchObject({ ok: false, error: { code: "webhook_endpoint_not_found" } });
    expect(await db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).toMatchObject({ revokedAt: null });
  });
});
