// The claim page's protections: response headers and CSP, the link-token endpoint's refusals,
// rate limits on page views and link tokens, and tokens kept out of the server's logs.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { awaitRoomInWindow } from "../test/support/rate-window";
import { createLink, fixtures, record } from "./support/claim";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

test("the claim page's headers: CSP with a per-request nonce, no-referrer, no-store, noindex, no framing", async ({ request, baseURL }) => {
  const link = await createLink(request);
  const nonces = new Set<string>();
  for (const method of ["GET", "HEAD", "GET"] as const) {
    const res = await request.fetch(link.path, { method });
    expect(res.status()).toBe(200);
    const h = res.headers();
    expect(h["referrer-policy"]).toBe("no-referrer");
    expect(h["cache-control"]).toContain("no-store");
    expect(h["x-robots-tag"]).toContain("noindex");
    expect(h["x-frame-options"]).toBe("DENY");
    const csp = directives(h["content-security-policy"]);
    const scriptSrc = csp.get("script-src") ?? [];
    const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"));
    expect(nonce).toBeTruthy();
    nonces.add(nonce!);
    expect(scriptSrc).toEqual(expect.arrayContaining(["'self'", "https://cdn.plaid.com"]));
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp.get("frame-src")).toEqual(["https://cdn.plaid.com"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("worker-src")).toEqual(["blob:"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("connect-src")).toEqual(expect.arrayContaining(["'self'", "https://production.plaid.com", "https://sandbox.plaid.com"]));
    if (method === "GET") {
      // Every executable script in the HTML carries this response's nonce.
      const html = await res.text();
      const value = nonce!.slice("'nonce-".length, -1);
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !tag.includes('type="text/plain"'));
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${value}"`);
      expect(html).toContain('<meta name="referrer" content="no-referrer"/>');
      expect(html).toContain('<meta name="robots" content="noindex, nofollow"/>');
    }
  }
  expect(nonces.size).toBe(3);

  // Not-found and the claimant's API get the same protection.
  const missing = await request.get(`/claim/${"B".repeat(43)}`);
  expect(missing.status()).toBe(404);
  expect(missing.headers()["referrer-policy"]).toBe("no-referrer");
  expect(missing.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  const api = await request.post(`/api/claim/${link.token}/link-token`, { headers: { Origin: baseURL! } });
  expect(api.headers()["referrer-policy"]).toBe("no-referrer");
  expect(api.headers()["cache-control"]).toContain("no-store");
  expect(api.headers()["x-robots-tag"]).toContain("noindex");
  expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("the CSP lets the page and the sandbox Link run without violations", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  const link = await createLink(request);
  await page.goto(link.path);
  await page.getByLabel("Full name").fill("Alberta Charleson");
  await page.getByLabel("Email").fill("alberta@example.com");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Connect your bank" }).click();
  await expect(page.getByRole("dialog").getByRole("heading", { name: "Select your bank" })).toBeVisible();
  expect(violations).toEqual([]);
  // The placeholder kept react-plaid-link from fetching Plaid's CDN script.
  expect(await page.evaluate(() => (window as unknown as { Plaid?: { __sandbox?: boolean } }).Plaid?.__sandbox)).toBe(true);
  expect(await page.locator('script[src="https://cdn.plaid.com/link/v2/stable/link-initialize.js"]').count()).toBe(1);
});

test("the link-token endpoint: same-origin only, pending links only", async ({ request, baseURL }) => {
  const link = await createLink(request);
  const ok = await request.post(`/api/claim/${link.token}/link-token`, { headers: { Origin: baseURL! } });
  expect(ok.status()).toBe(200);
  const { data } = await ok.json();
  expect(data.link_token).toMatch(/^link-sandbox-/);
  expect(data.mode).toBe("sandbox");
  expect(Date.parse(data.expiration)).toBeGreaterThan(Date.now());

  const crossSite = await request.post(`/api/claim/${link.token}/link-token`, { headers: { Origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).error.code).toBe("origin_not_allowed");
  const noOrigin = await request.post(`/api/claim/${link.token}/link-token`);
  expect(noOrigin.status()).toBe(403);

  for (const token of [fixtures().links.claimed.token, fixtures().links.expired.token, fixtures().links.cancelled.token, "C".repeat(43), "short"]) {
    const res = await request.post(`/api/claim/${token}/link-token`, { headers: { Origin: baseURL! } });
    expect(res.status(), token).toBe(404);
    expect((await res.json()).error.code).toBe("payout_link_not_found");
  }
  const get = await request.get(`/api/claim/${link.token}/link-token`);
  expect(get.status()).toBe(405);
});

test("page views and link tokens are rate limited per token", async ({ page, request, baseURL }, testInfo) => {
  // Two waits of up to 30 s for a fresh window, on top of the requests themselves.
  test.setTimeout(120_000);
  const link = await createLink(request);
  // Limits count in fixed one-minute windows: each burst below must fit in one.
  await awaitRoomInWindow(60, 30_000);
  // The default per-token limit is 20 a minute; the 21st view gets a real 429.
  const statuses: number[] = [];
  for (let i = 1; i <= 20; i++) statuses.push((await request.fetch(link.path, { method: i % 2 ? "GET" : "HEAD" })).status());
  expect(statuses).toEqual(Array(20).fill(200));
  const limited = await request.get(link.path);
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(limited.headers()["referrer-policy"]).toBe("no-referrer");
  expect(limited.headers()["cache-control"]).toContain("no-store");
  expect(limited.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  const res = await page.goto(link.path);
  expect(res?.status()).toBe(429);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Too many requests");
  await expect(page.locator("main")).toContainText(/Please wait \d+ seconds?, then reload it\./);
  await expect(page.getByLabel("Full name")).toHaveCount(0);
  await record(page, testInfo, "rate-limited");

  // Link tokens have a per-token limit of their own (20 a minute by default).
  await awaitRoomInWindow(60, 30_000);
  const tokenStatuses: number[] = [];
  for (let i = 1; i <= 20; i++) tokenStatuses.push((await request.post(`/api/claim/${link.token}/link-token`, { headers: { Origin: baseURL! } })).status());
  expect(tokenStatuses).toEqual(Array(20).fill(200));
  const tooMany = await request.post(`/api/claim/${link.token}/link-token`, { headers: { Origin: baseURL! } });
  expect(tooMany.status()).toBe(429);
  expect((await tooMany.json()).error.code).toBe("rate_limited");
  expect(Number(tooMany.headers()["retry-after"])).toBeGreaterThan(0);
});

test("claim tokens never appear in the server's output", async ({ page, request, baseURL }) => {
  const link = await createLink(request);
  await page.goto(link.path);
  await request.post(`/api/claim/${link.token}/link-token`, { headers: { Origin: baseURL! } });
  await request.post(`/api/claim/${link.token}/link-token`, { headers: { Origin: "https://evil.example" } });
  await request.post(`/treasury/payout-link/${link.token}/submit`, {
    headers: { Origin: baseURL! },
    data: { name: "A", email: "a@example.com", public_token: "public-sandbox-garbage", account_id: "nope" },
  });
  await request.post(`/treasury/payout-link/${link.token}/submit`, { headers: { Origin: baseURL!, "Content-Type": "application/json" }, data: "{not json" });
  const log = readFileSync(process.env.E2E_SERVER_LOG ?? "test-results/e2e-server.log", "utf8");
  expect(log.length).toBeGreaterThan(0);
  for (const token of [link.token, ...Object.values(fixtures().links).map((l) => l.token)]) expect(log).not.toContain(token);
});
