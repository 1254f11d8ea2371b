import "server-only";
import { decrypt, encrypt } from "../crypto/encryption";
import { randomToken, sha256Hex } from "../crypto/secrets";

// 32 bytes from the CSPRNG: 256 bits, 43 URL-safe characters.
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newClaimToken() {
  const token = randomToken(TOKEN_BYTES);
  return { token, tokenHash: sha256Hex(token), tokenCiphertext: encrypt(token) };
}

export function isWellFormedClaimToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export function claimTokenHash(token: string): string {
  return sha256Hex(token);
}

export function revealClaimToken(tokenCiphertext: string): string {
  return decrypt(tokenCiphertext);
}
