import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "../config";
import { secureRandomBytes } from "./random-bytes";

// AES-256-GCM with a random 96-bit nonce per message. Stored as "v1.<nonce>.<tag>.<ciphertext>"
// (base64url) so the format can change later without guessing.
let key: Buffer | undefined;

function loadKey(): Buffer {
  if (key) return key;
  const { ENCRYPTION_KEY, dataDir } = config();
  let material = ENCRYPTION_KEY;
  if (!material) {
    // The embedded default needs no setup: generate a key once and keep it beside the data it protects.
    const file = path.join(dataDir, "encryption.key");
    try {
      material = readFileSync(file, "utf8").trim();
    } catch {
      mkdirSync(dataDir, { recursive: true });
      material = randomBytes(32).toString("base64");
      writeFileSync(file, material + "\n", { mode: 0o600, flag: "wx" });
    }
  }
  const decoded = /^[0-9a-f]{64}$/i.test(material) ? Buffer.from(material, "hex") : Buffer.from(material, "base64");
  if (decoded.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64");
  key = decoded;
  return key;
}

export function encrypt(plaintext: string): string {
  const nonce = secureRandomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", loadKey(), nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", nonce, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decrypt(sealed: string): string {
  const [version, nonce, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !nonce || !tag || ciphertext === undefined) throw new Error("unrecognised ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", loadKey(), Buffer.from(nonce, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
