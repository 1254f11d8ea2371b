// Measures the claim page from the production build on this machine and prints:
//  - first-load JavaScript: the gzip sizes of the <script src> chunks the page's HTML references
//    (our own and the framework's; Plaid's script is excluded, and the sandbox bank's stand-in for
//    it is reported on its own line), plus CSS;
//  - time to first byte and largest contentful paint (Chromium, PerformanceObserver), median of
//    several loads, for the pending page and the claimed status page, unthrottled and with a
//    phone-like profile (4× CPU slowdown, ~Fast 4G network).
//
//   npx tsx scripts/measure-claim-page.ts [--runs 9]
//
// It starts its own server through scripts/e2e-server.mjs (building into .next-test when sources
// changed, on a fresh seeded embedded database), on port 3960 unless E2E_PORT says otherwise.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "@playwright/test";

const { values } = parseArgs({ options: { runs: { type: "string", default: "9" } } });
const runs = Math.max(1, Number(values.runs));
const port = process.env.E2E_PORT ?? "3960";
const base = `http://127.0.0.1:${port}`;
const fixturesFile = path.join(tmpdir(), `payout-links-measure-${process.pid}.json`);
const PLAID_CDN = "https://cdn.plaid.com/";
// The chunks Next loads on every page (React, React DOM, the App Router runtime), as opposed to
// this page's own code.
const distDir = process.env.E2E_DIST_DIR || ".next-test";
function frameworkChunks(): Set<string> {
  const manifest = JSON.parse(readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  return new Set(manifest.rootMainFiles.map((f) => `/_next/${f}`));
}

type Fixtures = { apiKey: string; links: Record<string, { token: string }> };

async function startServer() {
  const child = spawn(process.execPath, ["scripts/e2e-server.mjs"], {
    // Many loads of one link in a minute: lift the per-token limit for the measurement only.
    env: { ...process.env, CLAIM_RATE_LIMIT_PER_TOKEN: "100000", E2E_PORT: port, E2E_FIXTURES: fixturesFile, E2E_SERVER_LOG: path.join(tmpdir(), `payout-links-measure-${process.pid}.log`) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/api/openapi.json`)).ok && existsSync(fixturesFile)) break;
    } catch {}
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  return child;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function firstLoadWeight(pagePath: string) {
  const html = await (await fetch(base + pagePath)).text();
  const scripts = [...html.matchAll(/<script\b([^>]*)\bsrc="([^"]+)"([^>]*)>/g)].map((m) => ({ src: m[2], attrs: m[1] + m[3] }));
  const styles = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const framework = frameworkChunks();
  const rows: { src: string; raw: number; gzip: number; kind: "framework" | "app" | "sandbox-link" | "skipped" }[] = [];
  for (const { src, attrs } of scripts) {
    if (src.startsWith(PLAID_CDN) || /type="text\/plain"/.test(attrs) || /noModule/i.test(attrs)) {
      rows.push({ src, raw: 0, gzip: 0, kind: "skipped" });
      continue;
    }
    const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    const kind = src.startsWith("/sandbox-link/") ? "sandbox-link" : framework.has(src) ? "framework" : "app";
    rows.push({ src, raw: body.length, gzip: gzipSync(body).length, kind });
  }
  let css = 0;
  for (const href of styles) css += gzipSync(Buffer.from(await (await fetch(new URL(href, base))).arrayBuffer())).length;
  return { rows, css, html: gzipSync(Buffer.from(html)).length };
}

async function timings(browser: Browser, pagePath: string, profile: "desktop" | "phone") {
  const ttfb: number[] = [];
  const lcp: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext(
      profile === "phone" ? { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 800 } },
    );
    const page = await context.newPage();
    if (profile === "phone") {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 60, downloadThroughput: (9 * 1024 * 1024) / 8, uploadThroughput: (1.5 * 1024 * 1024) / 8 });
    }
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: number };
      w.__lcp = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__lcp = entry.startTime;
      }).observe({ type: "largest-contentful-paint", buffered: true });
    });
    await page.goto(base + pagePath, { waitUntil: "load" });
    await page.waitForTimeout(300);
    // LCP is final at the first input; reading it after load and a short settle is the usual lab method.
    const result = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return { ttfb: nav.responseStart - nav.requestStart, lcp: (window as unknown as { __lcp: number }).__lcp };
    });
    ttfb.push(result.ttfb);
    lcp.push(result.lcp);
    await context.close();
  }
  return { ttfb: median(ttfb), lcp: median(lcp), lcpMax: Math.max(...lcp) };
}

async function main() {
  const server = await startServer();
  try {
    const fixtures = JSON.parse(readFileSync(fixturesFile, "utf8")) as Fixtures;
    const created = await fetch(`${base}/treasury/payout-link/generate`, {
      method: "POST",
      headers: { Authorization: `Bearer ${fixtures.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ amount: 25_000, currency: "USD", description: "Q3 referral bonus — order #4127" }),
    });
    const pending = `/claim/${((await created.json()) as { data: { token: string } }).data.token}`;
    const claimed = `/claim/${fixtures.links.claimed.token}`;

    for (const [label, p] of [["pending (claim flow)", pending], ["claimed (status page)", claimed]] as const) {
      const weight = await firstLoadWeight(p);
      const sum = (kinds: string[], key: "gzip" | "raw" = "gzip") => weight.rows.filter((r) => kinds.includes(r.kind)).reduce((s, r) => s + r[key], 0);
      const sandbox = weight.rows.filter((r) => r.kind === "sandbox-link");
      console.log(`\n${label}: first-load JavaScript (gzip)`);
      for (const r of weight.rows) console.log(`  ${r.kind === "skipped" ? "(not loaded)" : kb(r.gzip).padStart(9)}  ${r.src}  [${r.kind}]`);
      console.log(`  ${kb(sum(["app"])).padStart(9)}  route chunks: this page's client code (ClaimFlow, react-plaid-link) and Next's per-route boundaries`);
      console.log(`  ${kb(sum(["framework"])).padStart(9)}  Next + React runtime, shared by every page`);
      console.log(`  ${kb(sum(["app", "framework"])).padStart(9)}  total first-load JS excluding Plaid's (${kb(sum(["app", "framework"], "raw"))} raw)`);
      if (sandbox.length) console.log(`  ${kb(sandbox.reduce((s, r) => s + r.gzip, 0)).padStart(9)}  sandbox Link script (stands in for Plaid's; not loaded with real Plaid)`);
      console.log(`  ${kb(weight.css).padStart(9)}  CSS gzip;  ${kb(weight.html)} HTML gzip`);
    }

    const browser = await chromium.launch({
      executablePath: ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p)),
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    try {
      // Warm the server (first renders compile nothing in production, but open the database paths).
      await timings(browser, claimed, "desktop");
      console.log(`\nTiming, median of ${runs} loads each (ms)`);
      for (const [label, p] of [["pending", pending], ["claimed", claimed]] as const) {
        for (const profile of ["desktop", "phone"] as const) {
          const t = await timings(browser, p, profile);
          console.log(`  ${`${label}, ${profile === "phone" ? "phone 375×667, 4× CPU, ~9 Mbit/60 ms" : "desktop, unthrottled"}`.padEnd(48)} TTFB ${t.ttfb.toFixed(1).padStart(6)}   LCP ${t.lcp.toFixed(0).padStart(5)} (max ${t.lcpMax.toFixed(0)})`);
        }
      }
    } finally {
      await browser.close();
    }
  } finally {
    server.kill("SIGTERM");
    rmSync(fixturesFile, { force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
