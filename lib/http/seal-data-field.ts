import "server-only";
import { decrypt, encrypt } from "../crypto/encryption";
import type { ResponseSeal } from "./idempotency";

/**
 * A ResponseSeal for `{ data: { …, [field]: secret } }` responses, so a secret the API shows once
 * (a webhook signing secret, a claim token) never sits in clear in idempotency_records: the stored
 * response has `field` replaced by `${field}_ciphertext` (AES-256-GCM, as the rows themselves keep
 * such secrets), and a replay decrypts it back. `derived` rebuilds fields computed from the secret
 * (a claim URL from its token), which are dropped when sealed. Refusals pass through as they are.
 */
export function sealDataField(field: string, derived: (secret: string) => Record<string, unknown> = () => ({})): ResponseSeal {
  const sealedField = `${field}_ciphertext`;
  return {
    seal(body) {
      const data = dataOf(body);
      const secret = data?.[field];
      if (!data || typeof secret !== "string") return body;
      const dropped = new Set([field, ...Object.keys(derived(secret))]);
      const rest = Object.fromEntries(Object.entries(data).filter(([k]) => !dropped.has(k)));
      return { ...(body as object), data: { ...rest, [sealedField]: encrypt(secret) } };
    },
    open(body) {
      const data = dataOf(body);
      const sealed = data?.[sealedField];
      if (!data || typeof sealed !== "string") return body;
      const secret = decrypt(sealed);
      const rest = Object.fromEntries(Object.entries(data).filter(([k]) => k !== sealedField));
      return { ...(body as object), data: { ...rest, ...derived(secret), [field]: secret } };
    },
  };
}

function dataOf(body: unknown): Record<string, unknown> | null {
  if (!body || typeof body !== "object" || !("data" in body)) return null;
  const data = (body as { data: unknown }).data;
  return data && typeof data === "object" ? (data as Record<string, unknown>) : null;
}
