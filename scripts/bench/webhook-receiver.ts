// A local HTTP receiver for the payout benchmark's latency phase: it checks every delivery with
// `standardwebhooks`' own Webhook#verify (what an integrator's receiver would do) and records, per
// payout link, when its first settlement.created arrived. Retries of one event (same webhook-id)
// are counted, not timed again.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Webhook } from "standardwebhooks";

export type WebhookReceiver = {
  url: string;
  /** Set once the endpoint exists (its secret is returned only when it is created). */
  setSecret(secret: string): void;
  /** performance.now() of the first verified settlement.created per plink_… id. */
  arrivals: Map<string, number>;
  stats: { received: number; verified: number; rejected: number; duplicates: number; otherTypes: number };
  /** Resolves when every id in `ids` has arrived, or false after timeoutMs. */
  waitFor(ids: string[], timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let webhook: Webhook | null = null;
  const arrivals = new Map<string, number>();
  const seenEvents = new Set<string>();
  const stats = { received: 0, verified: 0, rejected: 0, duplicates: 0, otherTypes: 0 };
  let waiter: (() => void) | null = null;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      stats.received++;
      const body = Buffer.concat(chunks).toString("utf8");
      let event: { type?: string; data?: { object?: { payout_link_id?: string } } };
      try {
        if (!webhook) throw new Error("no secret yet");
        const headers = {
          "webhook-id": String(req.headers["webhook-id"] ?? ""),
          "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
          "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
        };
        event = webhook.verify(body, headers) as typeof event;
      } catch {
        stats.rejected++;
        res.writeHead(400).end();
        return;
      }
      stats.verified++;
      res.writeHead(204).end();
      const id = String(req.headers["webhook-id"]);
      if (seenEvents.has(id)) {
        stats.duplicates++;
        return;
      }
      seenEvents.add(id);
      const linkId = event.data?.object?.payout_link_id;
      if (event.type !== "settlement.created" || !linkId) {
        stats.otherTypes++;
        return;
      }
      if (!arrivals.has(linkId)) arrivals.set(linkId, at);
      waiter?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/payout-events`,
    setSecret: (secret) => void (webhook = new Webhook(secret)),
    arrivals,
    stats,
    async waitFor(ids, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (!ids.every((id) => arrivals.has(id))) {
        const left = deadline - performance.now();
        if (left <= 0) return false;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 250));
          waiter = () => (clearTimeout(timer), resolve());
        });
      }
      return true;
    },
    close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}
