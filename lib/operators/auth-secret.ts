import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "../config";

let cached: string | undefined;

export function authSecretPath(dataDir: string) {
  return path.join(dataDir, "nextauth-secret");
}

/**
 * The key that signs and encrypts dashboard session cookies. The embedded default generates one
 * on first start and keeps it beside the data (like encryption.key), so a new user sets nothing;
 * on PostgreSQL several processes (and hosts) must share it, so it has to come from NEXTAUTH_SECRET.
 */
export function authSecret(): string {
  if (cached) return cached;
  const cfg = config();
  if (cfg.NEXTAUTH_SECRET) return (cached = cfg.NEXTAUTH_SECRET);
  if (!cfg.embedded) {
    throw new Error(
      "NEXTAUTH_SECRET is required when DATABASE_URL is set (every server process must share it): " +
        "set it to a random string of at least 32 characters, e.g. `openssl rand -base64 32`.",
    );
  }
  const file = authSecretPath(cfg.dataDir);
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(cfg.dataDir, { recursive: true });
    const generated = randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, generated + "\n", { mode: 0o600, flag: "wx" });
      cached = generated;
    } catch {
      cached = readFileSync(file, "utf8").trim(); // another caller wrote it first
    }
  }
  return cached;
}

/**
 * next-auth builds its own absolute URLs (callbacks, redirects) from NEXTAUTH_URL; default it to
 * the app's public URL so a self-hosted install sets one variable, not two.
 */
export function ensureNextAuthUrl() {
  const cfg = config();
  process.env.NEXTAUTH_URL ??= cfg.NEXTAUTH_URL ?? cfg.appUrl;
}
