// Bytes a client downloads: the document itself (raw and gzip) and, for HTML pages, the
// same-origin scripts and stylesheets it references.
import { gzipSync } from "node:zlib";
import { keepAliveAgent, request } from "./http-client";

export type Weight = { path: string; status: number; rawBytes: number | null; gzipBytes: number | null; note?: string; assets?: { count: number; rawBytes: number; gzipBytes: number } };

const gz = (b: Buffer) => gzipSync(b, { level: 6 }).length;

export async function pageWeights(baseUrl: string, paths: string[]): Promise<Weight[]> {
  const agent = keepAliveAgent(4);
  const out: Weight[] = [];
  try {
    for (const p of paths) {
      const res = await request(agent, new URL(p, baseUrl), { headers: { "accept-encoding": "identity" } });
      if (res.status === 404) {
        out.push({ path: p, status: 404, rawBytes: null, gzipBytes: null, note: "not served yet (404): skipped" });
        continue;
      }
      const w: Weight = { path: p, status: res.status, rawBytes: res.body.length, gzipBytes: gz(res.body) };
      if (res.status !== 200) w.note = `HTTP ${res.status}`;
      if (String(res.headers["content-type"] ?? "").includes("text/html")) {
        const html = res.body.toString("utf8");
        const refs = new Set<string>();
        for (const m of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="(\/[^"]+\.(?:js|css)(?:\?[^"]*)?)"/g)) refs.add(m[1].replace(/&amp;/g, "&"));
        let raw = 0;
        let gzip = 0;
        for (const ref of refs) {
          const a = await request(agent, new URL(ref, baseUrl), { headers: { "accept-encoding": "identity" } });
          if (a.status !== 200) continue;
          raw += a.body.length;
          gzip += gz(a.body);
        }
        w.assets = { count: refs.size, rawBytes: raw, gzipBytes: gzip };
      }
      out.push(w);
    }
  } finally {
    agent.destroy();
  }
  return out;
}
