import "server-only";
import { decrypt, encrypt } from "../crypto/encryption";
import type { ResponseSeal } from "../http/idempotency";

/**
 * Makes endpoint creation and secret rotation idempotent without a signing secret in clear in
 * idempotency_records: the stored response has `data.secret` replaced by `data.secret_ciphertext`
 * (AES-256-GCM, as the endpoint row keeps it), and a replay decrypts it back, so a client retrying
 * after a lost response gets the same endpoint and the same secret. Refusals pass through as they are.
 */
export const webhookSecretSeal: ResponseSeal = {
  seal(body) {
    const data = dataOf(body);
    if (!data || typeof data.secret !== "string") return body;
    const { secret, ...rest } = data;
    return { data: { ...rest, secret_ciphertext: encrypt(secret) } };
  },
  open(body) {
    const data = dataOf(body);
    if (!data || typeof data.secret_ciphertext !== "string") return body;
    const { secret_ciphertext, ...rest } = data;
    return { data: { ...rest, secret: decrypt(secret_ciphertext) } };
  },
};

function dataOf(body: unknown): Record<string, unknown> | null {
  if (!body || typeof body !== "object" || !("data" in body)) return null;
  const data = (body as { data: unknown }).data;
  return data && typeof data === "object" ? (data as Record<string, unknown>) : null;
}
