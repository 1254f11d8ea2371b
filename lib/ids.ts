import { secureRandomBytes } from "./crypto/random-bytes";

// Crockford base32, as ULID uses: sortable as plain strings.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A ULID: 48 bits of milliseconds then 80 random bits. Ids sort by creation time, so "newest
 * first" and pagination cursors are comparisons on the primary key alone.
 */
export function newId(now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = secureRandomBytes(16);
  let rand = "";
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i] % 32];
  return time + rand;
}

const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const ID_PREFIXES = {
  payoutLink: "plink",
  organization: "org",
  apiKey: "key",
  fundingAccount: "fa",
  recipient: "rcp",
  paymentMethod: "pm",
  transaction: "txn",
  event: "evt",
  webhookEndpoint: "we",
  fundingSource: "fs",
  deposit: "dep",
  webhookDelivery: "whd",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function publicId(kind: IdKind, id: string): string {
  return `${ID_PREFIXES[kind]}_${id}`;
}

/** The internal id behind a public `plink_…` id, or null when the string is not one. */
export function parsePublicId(kind: IdKind, value: string): string | null {
  const prefix = `${ID_PREFIXES[kind]}_`;
  if (!value.startsWith(prefix)) return null;
  const id = value.slice(prefix.length);
  return ID_PATTERN.test(id) ? id : null;
}
