// Seeds 1,000,000 links into one organisation of a throwaway PostgreSQL database and measures what
// the dashboard's links page and CSV export cost at that size. Not part of the tests.
//
//   npx tsx --conditions=react-server scripts/seed-million-links.ts [--links 1000000] [--keep]
//
// The database is created on BENCH_POSTGRES_URL's server (default: the local test server) and
// dropped at the end unless --keep. Rows are inserted set-wise (INSERT … SELECT generate_series).
import { parseArgs } from "node:util";
import { Prisma } from "@/lib/db/generated/client";
import { exportPayoutLinksCsv } from "@/lib/dashboard/export-csv";
import { searchPayoutLinks, searchSql, type LinkSearch } from "@/lib/dashboard/search-payout-links";
import { createBenchDatabase, createFundedOrg, dropBenchDatabase, serverVersion } from "./bench/database";

const { values } = parseArgs({ options: { links: { type: "string", default: "1000000" }, keep: { type: "boolean", default: false } } });
const total = Number(values.links);

const db = await createBenchDatabase();
console.log(`database ${db.name} on PostgreSQL ${await serverVersion()}`);
try {
  const org = await createFundedOrg(db.prisma, "Million Links Inc");
  const prisma = db.prisma;
  let t = Date.now();
  // Claimants for every 5th link (claimed or completed), then the links. Ids are valid ULID-shaped
  // strings ('01' + 24 upper-case hex digits) that sort by g, older than any id made today.
  await prisma.$executeRaw`
    INSERT INTO recipients (id, organization_id, name, email, email_normalized, created_at)
    SELECT '02' || upper(lpad(to_hex(g), 24, '0')), ${org.organizationId}, 'Claimant ' || g, 'Claimant' || g || '@Example.com',
           'claimant' || g || '@example.com', now() - make_interval(secs => ${total} - g)
    FROM generate_series(5, ${total}, 5) g`;
  await prisma.$executeRaw`
    INSERT INTO payout_links (id, organization_id, funding_account_id, token_hash, token_ciphertext, amount, currency, description,
                              status, metadata, expires_at, created_at, claimed_at, recipient_id, recipient_email)
    SELECT '01' || upper(lpad(to_hex(g), 24, '0')), ${org.organizationId}, ${org.fundingAccountId},
           md5(g::text) || md5('t' || g), 'bench-not-decryptable', 100 + (g % 50000), 'USD',
           (ARRAY['Referral bonus','Survey reward','Refund','Rebate','Contest prize','Commission','Reimbursement','Gift'])[1 + g % 8]
             || ' — order #' || g || ' ' || (ARRAY['spring','summer','autumn','winter','north','south','east','west','alpha','omega'])[1 + (g / 8) % 10],
           (CASE WHEN g % 5 = 0 THEN (CASE WHEN g % 10 = 0 THEN 'completed' ELSE 'claimed' END)
                 WHEN g % 7 = 0 THEN 'cancelled' WHEN g % 11 = 0 THEN 'expired' ELSE 'pending' END)::payout_link_status,
           '{}'::jsonb,
           now() - make_interval(secs => ${total} - g) + interval '3650 days',
           now() - make_interval(secs => ${total} - g),
           CASE WHEN g % 5 = 0 THEN now() - make_interval(secs => ${total} - g) END,
           CASE WHEN g % 5 = 0 THEN '02' || upper(lpad(to_hex(g), 24, '0')) END,
           CASE WHEN g % 3 = 0 THEN 'payee' || g || '@example.com' END
    FROM generate_series(1, ${total}) g`;
  await prisma.$executeRawUnsafe("ANALYZE payout_links");
  await prisma.$executeRawUnsafe("ANALYZE recipients");
  console.log(`seeded ${total.toLocaleString("en-US")} links in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const mid = `plink_01${(Math.floor(total / 2)).toString(16).toUpperCase().padStart(24, "0")}`;
  const cases: [string, LinkSearch][] = [
    ["first page (50, newest)", {}],
    ["a page deep in the list (keyset from the middle)", { after: mid }],
    ["status = claimed, first page", { status: "claimed" }],
    ["status = cancelled, from the middle", { status: "cancelled", after: mid }],
    ["description search, common word ('reimbursement')", { q: "reimbursement" }],
    ["description search, rare ('order 777777')", { q: "order 777777" }],
    ["description search + status ('gift winter', completed)", { q: "gift winter", status: "completed" }],
    ["email search, address sent to (payee999999@example.com)", { q: "payee999999@example.com" }],
    ["email search, claimant (CLAIMANT500000@example.com)", { q: "CLAIMANT500000@example.com" }],
    ["plink_ id", { q: mid }],
  ];
  const results: { name: string; medianMs: number; rows: number; plan: string }[] = [];
  for (const [name, search] of cases) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < 7; i++) {
      t = performance.now();
      const page = await searchPayoutLinks(prisma, org.organizationId, { ...search, limit: 50 });
      times.push(performance.now() - t);
      rows = page.rows.length;
    }
    times.sort((a, b) => a - b);
    const sql = searchSql(org.organizationId, { ...search, limit: 51 }, new Date())!;
    const plan = (await prisma.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${sql}`)).map((r) => r["QUERY PLAN"]).join("\n");
    results.push({ name, medianMs: times[3], rows, plan });
    console.log(`${name.padEnd(60)} ${times[3].toFixed(1).padStart(8)} ms  (${rows} rows)`);
  }

  // The export of every link: bytes, time and the process's peak RSS while streaming.
  let peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  t = performance.now();
  const reader = exportPayoutLinksCsv(prisma, org.organizationId, {}).getReader();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
  }
  const exportMs = performance.now() - t;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(`export: ${lines - 1} rows, ${(bytes / 1e6).toFixed(1)} MB in ${(exportMs / 1000).toFixed(1)} s; RSS ${(rssBefore / 1e6).toFixed(0)} MB before, peak ${(peakRss / 1e6).toFixed(0)} MB`);

  console.log("\nPlans:\n");
  for (const r of results) console.log(`## ${r.name}\n${r.plan}\n`);
} finally {
  await db.close();
  if (!values.keep) await dropBenchDatabase(db.name);
}
