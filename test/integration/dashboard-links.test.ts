import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBulkCsv } from "@/lib/dashboard/bulk-csv";
import { bulkCreatePayoutLinks } from "@/lib/dashboard/bulk-create";
import { parseCsv } from "@/lib/dashboard/csv";
import { exportPayoutLinksCsv } from "@/lib/dashboard/export-csv";
import { searchPayoutLinks, type LinkSearch } from "@/lib/dashboard/search-payout-links";
import { AppError } from "@/lib/errors/app-error";
import { newId, publicId } from "@/lib/ids";
import { getBalance } from "@/lib/ledger/balance";
import { verifyLedger } from "@/lib/ledger/verify-ledger";
import { cancelPayoutLink } from "@/lib/payout-links/cancel-payout-link";
import { generatePayoutLink } from "@/lib/payout-links/generate-payout-link";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createFundedOrg, type OrgFixture } from "../support/fixtures";

let db: TestDatabase;
let org: OrgFixture;
let other: OrgFixture;
const created: string[] = []; // plink ids, oldest first

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 20 });
  org = await createFundedOrg(db.prisma, { deposit: 100_000_000 });
  other = await createFundedOrg(db.prisma, { deposit: 1_000_000, name: "Other" });
  const actor = { organizationId: org.organizationId, actor: "test" };
  // 120 links: descriptions cycle through three campaigns; every 10th is sent to an address.
  for (let i = 0; i < 120; i++) {
    const campaign = ["Referral bonus", "Survey reward", "Refund order"][i % 3];
    const link = await generatePayoutLink(db.prisma, actor, { amount: 100 + i, currency: "USD", description: `${campaign} #${1000 + i}` }, {
      recipientEmail: i % 10 === 0 ? `Sent.To${i}@Example.com` : null,
    });
    created.push(link.id);
  }
  // Links 5 and 6 are claimed by one recipient; 7 by another with the same email in other case.
  const recipientId = newId();
  await db.prisma.recipient.create({ data: { id: recipientId, organizationId: org.organizationId, name: "Alberta Charleson", email: "Alberta@Example.com", emailNormalized: "alberta@example.com" } });
  const other2 = newId();
  await db.prisma.recipient.create({ data: { id: other2, organizationId: org.organizationId, name: "A. Charleson", email: "alberta@example.com", emailNormalized: "alberta@example.com" } });
  for (const [i, rid] of [[5, recipientId], [6, recipientId], [7, other2]] as const) {
    await db.prisma.payoutLink.update({ where: { id: created[i].slice(6) }, data: { status: "claimed", claimedAt: new Date(), recipientId: rid } });
  }
  for (const i of [10, 11, 12]) await cancelPayoutLink(db.prisma, actor, created[i]);
  await db.prisma.payoutLink.update({ where: { id: created[13].slice(6) }, data: { expiresAt: new Date(Date.now() - 1000) } });
  // The other organisation has a link with the same words and email: never visible.
  await generatePayoutLink(db.prisma, { organizationId: other.organizationId, actor: "test" }, { amount: 100, currency: "USD", description: "Referral bonus #1000" }, { recipientEmail: "sent.to0@example.com" });
});

afterAll(async () => {
  expect(await verifyLedger(db.prisma)).toEqual([]);
  await db.destroy();
});

async function all(search: Omit<LinkSearch, "after">) {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await searchPayoutLinks(db.prisma, org.organizationId, { ...search, after });
    ids.push(...page.rows.map((r) => r.id));
    pages++;
    if (!page.nextCursor) return { ids, pages };
    after = page.nextCursor;
  }
}

describe("links search, filters and keyset pagination", () => {
  it("walks every link newest first in pages with no gap or repeat", async () => {
    const { ids, pages } = await all({ limit: 25 });
    expect(ids).toEqual([...created].reverse());
    expect(pages).toBe(5);
  });

  it("filters by status, including clock-dependent pending and expired", async () => {
    expect((await all({ status: "cancelled", limit: 2 })).ids).toEqual([created[12], created[11], created[10]]);
    expect((await all({ status: "claimed" })).ids).toEqual([created[7], created[6], created[5]]);
    expect((await all({ status: "expired" })).ids).toEqual([created[13]]);
    const pending = (await all({ status: "pending", limit: 100 })).ids;
    expect(pending).toHaveLength(120 - 7);
    expect(pending).not.toContain(created[13]);
  });

  it("searches description words as prefixes, combined with a status filter", async () => {
    const refunds = (await all({ q: "refund", limit: 7 })).ids;
    expect(refunds).toEqual(created.filter((_, i) => i % 3 === 2).reverse());
    expect((await all({ q: "Survey 1004" })).ids).toEqual([created[4]]);
    expect((await all({ q: "referral", status: "cancelled" })).ids).toEqual([created[12]]);
    expect((await all({ q: "survey", status: "claimed" })).ids).toEqual([created[7]]);
    expect((await all({ q: "survey", status: "expired" })).ids).toEqual([created[13]]);
    expect((await all({ q: "refund", status: "expired" })).ids).toEqual([]);
    expect((await all({ q: "survey", status: "cancelled" })).ids).toEqual([created[10]]);
    expect((await all({ q: "nothing-like-this" })).ids).toEqual([]);
    // tsquery syntax is not injected: operators are treated as separators.
    expect((await all({ q: "refund & | ! ( :*" })).ids).toHaveLength(40);
  });

  it("finds links by the address they were sent to and by the claimant's email, case-insensitively", async () => {
    expect((await all({ q: "sent.to30@example.COM" })).ids).toEqual([created[30]]);
    expect((await all({ q: "ALBERTA@example.com" })).ids).toEqual([created[7], created[6], created[5]]);
    expect((await all({ q: "nobody@example.com" })).ids).toEqual([]);
  });

  it("finds a link by plink_ id and links by rcp_ id, only within the organisation", async () => {
    expect((await all({ q: created[42] })).ids).toEqual([created[42]]);
    const [{ recipientId }] = (await searchPayoutLinks(db.prisma, org.organizationId, { q: created[5] })).rows;
    expect(recipientId).toMatch(/^rcp_/);
    expect((await all({ q: recipientId! })).ids).toEqual([created[6], created[5]]);
    const foreign = await db.prisma.payoutLink.findFirstOrThrow({ where: { organizationId: other.organizationId } });
    expect((await all({ q: publicId("payoutLink", foreign.id) })).ids).toEqual([]);
    expect((await all({ q: "plink_not-an-id" })).ids).toEqual([]);
  });

  it("exports exactly the filtered set as CSV, across batches", async () => {
    const stream = exportPayoutLinksCsv(db.prisma, org.organizationId, { q: "refund" }, 7);
    const text = await new Response(stream).text();
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(parsed.message);
    const [header, ...rows] = parsed.rows.map((r) => r.fields);
    expect(header.slice(0, 5)).toEqual(["id", "amount", "currency", "description", "status"]);
    expect(rows.map((r) => r[0])).toEqual(created.filter((_, i) => i % 3 === 2).reverse());
    expect(rows.find((r) => r[0] === created[2])!.slice(1, 5)).toEqual(["1.02", "USD", "Refund order #1002", "pending"]);
  });
});

describe("bulk create", () => {
  const limits = { maxCents: 500_000, maxTtlSeconds: 30 * 24 * 3600 };
  const rowsOf = (text: string) => {
    const parsed = parseBulkCsv(text, limits);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return parsed.rows;
  };

  it("creates every row in one go with its holds, email and metadata", async () => {
    const bulkOrg = await createFundedOrg(db.prisma, { deposit: 10_000 });
    const rows = rowsOf("amount,description,recipient_email,metadata.batch\n10.00,First,a@example.com,B1\n20.50,Second,,B1\n");
    const result = await bulkCreatePayoutLinks(db.prisma, { organizationId: bulkOrg.organizationId, actor: "test" }, { key: "k1", fileHash: "h1", rows });
    expect(result).toMatchObject({ total: 3050, replayed: false });
    expect(result.linkIds).toHaveLength(2);
    const links = await db.prisma.payoutLink.findMany({ where: { organizationId: bulkOrg.organizationId }, orderBy: { id: "asc" } });
    expect(links.map((l) => [l.amount, l.description, l.recipientEmail, l.metadata])).toEqual([
      [1000, "First", "a@example.com", { batch: "B1" }],
      [2050, "Second", null, { batch: "B1" }],
    ]);
    expect(await getBalance(db.prisma, bulkOrg.organizationId)).toMatchObject({ available: 10_000 - 3050, held: 3050 });
    expect(await db.prisma.ledgerEntry.count({ where: { kind: "hold", payoutLinkId: { in: links.map((l) => l.id) } } })).toBe(2);
  });

  it("creates nothing when the balance does not cover the total", async () => {
    const bulkOrg = await createFundedOrg(db.prisma, { deposit: 2_999 });
    const rows = rowsOf("amount,description\n10.00,a\n20.00,b\n");
    const err = await bulkCreatePayoutLinks(db.prisma, { organizationId: bulkOrg.organizationId, actor: "test" }, { key: "k2", fileHash: "h2", rows }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "insufficient_funds", param: "file" });
    expect(await db.prisma.payoutLink.count({ where: { organizationId: bulkOrg.organizationId } })).toBe(0);
    expect(await getBalance(db.prisma, bulkOrg.organizationId)).toMatchObject({ available: 2_999, held: 0 });
  });

  it("a concurrent double submit of one upload creates one set; a replay returns the same links", async () => {
    const bulkOrg = await createFundedOrg(db.prisma, { deposit: 1_000_000 });
    const rows = rowsOf("amount,description\n" + Array.from({ length: 500 }, (_, i) => `1.${String(i % 100).padStart(2, "0")},row ${i}`).join("\n"));
    const actor = { organizationId: bulkOrg.organizationId, actor: "test" };
    const submits = await Promise.all(Array.from({ length: 5 }, () => bulkCreatePayoutLinks(db.prisma, actor, { key: "upload-1", fileHash: "same", rows })));
    expect(submits.filter((s) => !s.replayed)).toHaveLength(1);
    for (const s of submits) expect(s.linkIds).toEqual(submits[0].linkIds);
    expect(await db.prisma.payoutLink.count({ where: { organizationId: bulkOrg.organizationId } })).toBe(500);
    const total = rows.reduce((sum, r) => sum + r.amount, 0);
    expect(await getBalance(db.prisma, bulkOrg.organizationId)).toMatchObject({ available: 1_000_000 - total, held: total });
    // The same key with another file is refused, not applied.
    const reused = await bulkCreatePayoutLinks(db.prisma, actor, { key: "upload-1", fileHash: "other", rows }).catch((e) => e);
    expect(reused).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("creates 10,000 links in one transaction", async () => {
    const bulkOrg = await createFundedOrg(db.prisma, { deposit: 100_000_000 });
    const rows = rowsOf("amount,description\n" + Array.from({ length: 10_000 }, (_, i) => `2.00,bulk ${i}`).join("\n"));
    const result = await bulkCreatePayoutLinks(db.prisma, { organizationId: bulkOrg.organizationId, actor: "test" }, { key: "big", fileHash: "big", rows });
    expect(result.linkIds).toHaveLength(10_000);
    expect(await db.prisma.payoutLink.count({ where: { organizationId: bulkOrg.organizationId } })).toBe(10_000);
  });
});
