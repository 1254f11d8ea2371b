import { createHash } from "node:crypto";
import { secureRandomBytes } from "./random-bytes";

/** URL-safe random string carrying `bytes * 8` bits from the OS CSPRNG. */
export function randomToken(bytes: number): string {
  return secureRandomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
