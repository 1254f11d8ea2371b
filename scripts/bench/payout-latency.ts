// Phase 2 of `npm run bench:payouts`: submit → settlement.created received, end to end through the
// production build. The app runs its payout worker and webhook deliverer in-process
// (RUN_WORKER_IN_WEB=true) on the sandbox rail at zero delay; for each link the script does what a
// treasury integration and a claimant's browser do over HTTP — generate, link a bank account at the
// sandbox bank, submit the claim — and a local receiver verifies each delivery with standardwebhooks.
// The poll intervals bound the figure: a payout waits up to PAYOUT_POLL_INTERVAL_MS to be picked
// up, and its event up to WEBHOOK_POLL_INTERVAL_MS to be delivered.
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { PrismaClient } from "@/lib/db/generated/client";
import { linkThroughSandbox } from "@/test/support/sandbox-bank";
import { createFundedOrg } from "./database";
import { percentile } from "./load";
import { startServer } from "./server";
import { startWebhookReceiver } from "./webhook-receiver";

export type LatencySettings = {
  links: number;
  concurrency: number;
  amount: number;
  payoutPollMs: number;
  webhookPollMs: number;
  /** Uncounted full claims first (the server's first requests compile and warm its routes). */
  warmup: number;
};

export type Stats = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };

export type LatencyResult = {
  settings: LatencySettings;
  loadAverageAtStart: number[];
  /** Submit sent → settlement.created received and verified. */
  endToEnd: Stats;
  /** Submit sent → the payout's settled_at (the worker's part). */
  toSettled: Stats;
  /** settled_at → received (the deliverer's part). */
  settledToReceived: Stats;
  /** The submit request itself. */
  submitResponse: Stats;
  received: { received: number; verified: number; rejected: number; duplicates: number; otherTypes: number };
  missing: number;
  wallSeconds: number;
};

export function stats(samples: number[]): Stats {
  const sorted = Float64Array.from(samples).sort();
  const sum = samples.reduce((a, b) => a + b, 0);
  return {
    n: samples.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    mean: samples.length ? sum / samples.length : NaN,
  };
}

const CLAIMANT = { name: "Alberta Bobbeth Charleson", email: "accountholder0@example.com" };

async function json(res: Response): Promise<{ data?: Record<string, unknown>; error?: unknown }> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 300) };
  }
}

export async function runLatencyPhase(
  db: { url: string; prisma: PrismaClient },
  settings: LatencySettings,
  hooks: { onServer(pid: number): void; shouldStop(): boolean; log(line: string): void; loadAverage(): number[] },
): Promise<LatencyResult> {
  const org = await createFundedOrg(db.prisma, `Bench latency, poll ${settings.payoutPollMs}/${settings.webhookPollMs} ms`);
  // Every request here comes from one client address, and the sandbox bank allows 300 link calls a
  // minute per address (two per claim): each run starts with fresh windows, or the second run of a
  // minute would meet the first one's count. (More than about 140 claims a minute still hit it.)
  await db.prisma.rateLimitCounter.deleteMany({});
  const receiver = await startWebhookReceiver();
  const server = await startServer(db.url, {
    onSpawn: hooks.onServer,
    env: {
      RUN_WORKER_IN_WEB: "true",
      PAYOUT_WORKER: "on",
      WEBHOOK_DELIVERY: "on",
      PAYOUT_RAIL: "sandbox",
      SANDBOX_SETTLEMENT_DELAY_MS: "0",
      PAYOUT_POLL_INTERVAL_MS: String(settings.payoutPollMs),
      WEBHOOK_POLL_INTERVAL_MS: String(settings.webhookPollMs),
      ALLOW_PRIVATE_WEBHOOK_URLS: "true", // the receiver is on 127.0.0.1 over http
      // One client IP submits every claim here; the per-IP limit is for strangers' scripts.
      CLAIM_RATE_LIMIT_PER_IP: "1000000",
      CLAIM_RATE_LIMIT_PER_TOKEN: "1000000",
      SWEEP_INTERVAL_MS: "3600000",
    },
  });
  try {
    const base = server.baseUrl;
    const auth = { authorization: `Bearer ${org.apiKey}`, "content-type": "application/json" };
    const created = await fetch(`${base}/treasury/webhook-endpoints`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ url: receiver.url, enabled_events: ["settlement.created"] }),
    });
    const endpoint = await json(created);
    if (created.status !== 201 || typeof endpoint.data?.secret !== "string") {
      throw new Error(`creating the webhook endpoint failed: HTTP ${created.status} ${JSON.stringify(endpoint)}`);
    }
    receiver.setSecret(endpoint.data.secret);

    /** One link from generate to submit; returns its plink_… id and when the submit was sent. */
    const claimOne = async (i: number) => {
      const gen = await fetch(`${base}/treasury/payout-link/generate`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ amount: settings.amount, currency: "USD", description: `bench latency ${i}` }),
      });
      const link = await json(gen);
      if (gen.status !== 201 || typeof link.data?.token !== "string") throw new Error(`generate: HTTP ${gen.status} ${JSON.stringify(link)}`);
      const item = await linkThroughSandbox(base);
      const account = item.accounts.find((a) => a.subtype === "checking") ?? item.accounts[0];
      const body = JSON.stringify({ ...CLAIMANT, public_token: item.publicToken, account_id: account.id });
      const sentAt = performance.now();
      const res = await fetch(`${base}/treasury/payout-link/${link.data.token}/submit`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body,
      });
      const answered = performance.now();
      const receipt = await json(res);
      if (res.status !== 200) throw new Error(`submit: HTTP ${res.status} ${JSON.stringify(receipt)}`);
      return { linkId: String(link.data.id), sentAt, responseMs: answered - sentAt };
    };

    // Warm-up: full claims through to their webhook, not counted.
    const warm = [];
    for (let i = 0; i < settings.warmup; i++) warm.push((await claimOne(-1 - i)).linkId);
    if (!(await receiver.waitFor(warm, 30_000 + 4 * (settings.payoutPollMs + settings.webhookPollMs)))) {
      throw new Error(`warm-up webhooks did not arrive (receiver ${JSON.stringify(receiver.stats)}):\n${server.logs().slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));

    const loadAverageAtStart = hooks.loadAverage();
    const started = performance.now();
    const claims: Awaited<ReturnType<typeof claimOne>>[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: settings.concurrency }, async () => {
        while (next < settings.links && !hooks.shouldStop()) claims.push(await claimOne(next++));
      }),
    );
    if (hooks.shouldStop()) throw new Error("aborted");
    const ids = claims.map((c) => c.linkId);
    const all = await receiver.waitFor(ids, 30_000 + 4 * (settings.payoutPollMs + settings.webhookPollMs));
    const wallSeconds = (performance.now() - started) / 1000;
    const missing = ids.filter((id) => !receiver.arrivals.has(id)).length;
    if (!all) hooks.log(`  warning: ${missing} of ${ids.length} settlement.created deliveries did not arrive in time`);

    // Where the time went: the payout's settled_at splits the worker's part from the deliverer's.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    let settledAt: Map<string, number>;
    try {
      const { rows } = await c.query<{ link: string; settled_at: Date | null }>(
        "SELECT payout_link_id AS link, settled_at FROM transactions WHERE payout_link_id = ANY($1::text[])",
        [ids.map((id) => id.replace(/^plink_/, ""))],
      );
      settledAt = new Map(rows.filter((r) => r.settled_at).map((r) => [`plink_${r.link}`, r.settled_at!.getTime()]));
    } finally {
      await c.end();
    }
    const wall = (perf: number) => performance.timeOrigin + perf;
    const endToEnd: number[] = [];
    const toSettled: number[] = [];
    const settledToReceived: number[] = [];
    for (const claim of claims) {
      const arrived = receiver.arrivals.get(claim.linkId);
      const settled = settledAt.get(claim.linkId);
      if (arrived !== undefined) endToEnd.push(arrived - claim.sentAt);
      if (settled !== undefined) toSettled.push(settled - wall(claim.sentAt));
      if (settled !== undefined && arrived !== undefined) settledToReceived.push(wall(arrived) - settled);
    }
    return {
      settings,
      loadAverageAtStart,
      endToEnd: stats(endToEnd),
      toSettled: stats(toSettled),
      settledToReceived: stats(settledToReceived),
      submitResponse: stats(claims.map((x) => x.responseMs)),
      received: { ...receiver.stats },
      missing,
      wallSeconds,
    };
  } finally {
    await server.stop();
    await receiver.close();
  }
}
