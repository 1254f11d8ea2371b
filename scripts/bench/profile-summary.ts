// Reads a V8 .cpuprofile (from `node --cpu-prof`) and sums self time by where the code lives: a
// package under node_modules, a Next server chunk, Node internals, or (program)/(garbage collector).
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function bucket(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === "next") return `next/${rest.slice(1, 4).join("/")}`;
    return pkg;
  }
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/.next")) return `app bundle ${url.slice(url.indexOf("/.next"))}`.slice(0, 90);
  return url.slice(-80);
}

export function summarizeProfile(file: string, top = 15): { bucket: string; ms: number; share: number }[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!n) return;
    const key = bucket(n.callFrame.url, n.callFrame.functionName);
    totals.set(key, (totals.get(key) ?? 0) + dt);
    all += dt;
  });
  return [...totals.entries()]
    .filter(([k]) => k !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => ({ bucket: k, ms: Math.round(us / 1000), share: Math.round((us / Math.max(1, all - (totals.get("(idle)") ?? 0))) * 1000) / 10 }));
}
