// Dollars typed by a person → integer cents, by string arithmetic only: a float never touches the
// amount (0.1 + 0.2 is not 0.3, and 19.99 * 100 is 1998.9999999999998). Isomorphic: the forms use
// it for instant feedback and the server actions for the decision.

/** The largest amount the database's integer columns hold: $21,474,836.47. */
export const MAX_CENTS = 2_147_483_647;

const DOLLARS = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;

export type DollarsResult = { ok: true; cents: number } | { ok: false; message: string };

/**
 * "12" → 1200, "12.3" → 1230, "12.34" → 1234. Refused, with a message for the field: more than two
 * decimals ("12.345"), signs ("-5", "+5"), separators ("1,000.00"), currency symbols ("$5"),
 * exponents ("1e3"), leading zeros ("007"), bare points (".5", "5."), words, and amounts above
 * MAX_CENTS. Surrounding spaces are ignored. Zero is allowed here; callers that need a positive
 * amount say so themselves.
 */
export function parseDollars(input: string): DollarsResult {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Enter an amount in dollars, like 250 or 250.00." };
  const match = DOLLARS.exec(text);
  if (!match) {
    if (/^[0-9]*\.[0-9]{3,}$/.test(text)) return { ok: false, message: "Use at most two decimal places (whole cents)." };
    if (/^[-+]/.test(text)) return { ok: false, message: "Enter the amount without a sign." };
    if (/,/.test(text)) return { ok: false, message: "Enter the amount without thousands separators, like 1000.00." };
    if (/^[$€£]|\$/.test(text)) return { ok: false, message: "Enter the amount without a currency symbol, like 250.00." };
    return { ok: false, message: "Enter an amount in dollars, like 250 or 250.00." };
  }
  const [, whole, fraction = ""] = match;
  // BigInt keeps the arithmetic exact however many digits were typed before the range check.
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
  if (cents > BigInt(MAX_CENTS)) return { ok: false, message: `The largest amount is ${formatCents(MAX_CENTS)}.` };
  return { ok: true, cents: Number(cents) };
}

/** Integer cents → the same digits a person would type back: 123456 → "1234.56". */
export function centsToDollarsInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const rest = String(cents % 100).padStart(2, "0");
  return `${whole}.${rest}`;
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** Integer cents → "$1,234.56". Intl formats the exact quotient: cents / 100 is exact to two places. */
export function formatCents(cents: number): string {
  return usd.format(cents / 100);
}
