// A lean HTTP/1.1 client for the load generator: node:http with a keep-alive agent holding exactly
// one socket per worker, so the generator's own overhead stays small next to the server's.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { OpResult } from "./load";

export function keepAliveAgent(sockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, scheduling: "fifo" });
}

export type Response = { status: number; body: Buffer; headers: http.IncomingHttpHeaders };

export function request(
  agent: http.Agent,
  url: URL,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/**
 * One POST /treasury/payout-link/generate per call; anything but a 201 is an error. With
 * `idempotencyKeys`, each carries a fresh Idempotency-Key, as the SDK sends.
 */
export function generateOp(agent: http.Agent, baseUrl: string, apiKey: string, amount: number, options: { idempotencyKeys?: boolean } = {}) {
  const url = new URL("/treasury/payout-link/generate", baseUrl);
  const body = Buffer.from(JSON.stringify({ amount, currency: "USD", description: "bench" }));
  const headers = {
    authorization: `Bearer ${apiKey}`,
    "content-type": "application/json",
    "content-length": String(body.length),
  };
  return async (): Promise<OpResult> => {
    const res = await request(agent, url, { method: "POST", headers: options.idempotencyKeys ? { ...headers, "idempotency-key": randomUUID() } : headers, body });
    if (res.status === 201) return { ok: true };
    return { ok: false, detail: `HTTP ${res.status}: ${res.body.toString("utf8").slice(0, 300)}` };
  };
}
