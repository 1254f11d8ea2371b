import { secureRandomBytes } from "./crypto/random-bytes";

// Crockford base32, as ULID uses: sortable as plain strings.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A ULID: 48 bits of milliseconds then 80 random bits. Ids sort by creation time, so "newest
 * first" and pagination cursors are comparisons on the primary key alone.
 *
 * Monotonic within a millisecond, as ULID's spec describes: a second id in the same millisecond
 * is the previous one's random part plus one, so ids made one after another in this process sort
 * in the order they were made (events of one settlement, links made in a burst). An explicit
 * earlier or later `now` gets fresh randomness.
 */
export function newId(now = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rand = now === last.time ? increment(last.rand) : null;
  last = { time: now, rand: rand ?? randomPart() };
  return time + last.rand;
}

let last: { time: number; rand: string } = { time: -1, rand: "" };

function randomPart(): string {
  const bytes = secureRandomBytes(16);
  let rand = "";
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i] % 32];
  return rand;
}

/** `rand` + 1 in base 32, or null when it is all Z (2^-80 odds; the caller draws afresh). */
function increment(rand: string): string | null {
  const digits = rand.split("");
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = ALPHABET.indexOf(digits[i]);
    if (d < 31) {
      digits[i] = ALPHABET[d + 1];
      return digits.join("");
    }
    digits[i] = ALPHABET[0];
  }
  return null;
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
