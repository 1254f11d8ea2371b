// Builds the Next app only when its sources changed since the last build into that folder, so
// `npm start` and `npm test` are quick the second time and always serve what is on disk.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const INPUTS = ["app", "lib", "components", "prisma", "public", "instrumentation.ts", "proxy.ts", "next.config.js", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", "generated"]);

function walk(target, files) {
  if (!existsSync(target)) return;
  const stat = statSync(target);
  if (stat.isFile()) return files.push(target);
  for (const entry of readdirSync(target).sort()) {
    if (SKIP.has(entry) || entry.endsWith(".test.ts")) continue;
    walk(path.join(target, entry), files);
  }
}

export function sourceHash(root = process.cwd()) {
  const files = [];
  for (const input of INPUTS) walk(path.join(root, input), files);
  const hash = createHash("sha256");
  for (const file of files) hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

/** Returns true when it built. */
export function buildIfStale({ distDir = ".next", root = process.cwd(), log = console.log } = {}) {
  const stampFile = path.join(root, distDir, "source-hash");
  const hash = sourceHash(root);
  const built = existsSync(path.join(root, distDir, "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash;
  if (built) return false;
  log(`Building the app into ${distDir}/ (sources changed since the last build)…`);
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
  writeFileSync(stampFile, hash);
  return true;
}
