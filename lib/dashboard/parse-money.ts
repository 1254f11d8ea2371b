// Dollars as an operator types them → integer cents, by string arithmetic only: a float never
// touches the amount (0.1 + 0.2 is not 0.3; 1.005 * 100 is 100.49999…). Isomorphic: the form uses
// it for instant feedback, the server action uses it again before anything is written.

export type MoneyParse = { ok: true; cents: number } | { ok: false; message: string };

// Digits, optionally a point and one or two digits. No sign, no currency symbol, no thousands
// separators: "1,000.00" could be a European 1.00, so it is refused rather than guessed.
const DOLLARS = /^(\d+)(?:\.(\d{1,2}))?$/;

export function parseDollarsToCents(input: string, options: { maxCents?: number } = {}): MoneyParse {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Enter an amount, like 25.00." };
  if (text.startsWith("-")) return { ok: false, message: "The amount must be more than zero." };
  if (/^\d+\.\d{3,}$/.test(text)) return { ok: false, message: "Use at most two digits after the point (cents)." };
  const match = DOLLARS.exec(text);
  if (!match) return { ok: false, message: "Enter the amount in dollars and cents, digits only, like 1000.00 (no $ or commas)." };
  const whole = match[1].replace(/^0+(?=\d)/, "");
  const fraction = (match[2] ?? "").padEnd(2, "0");
  // 15 digits stay exact in a double; anything longer is far above any cap anyway.
  if (whole.length > 13) return { ok: false, message: "That amount is too large." };
  const cents = Number(whole + fraction);
  if (cents <= 0) return { ok: false, message: "The amount must be more than zero." };
  if (options.maxCents !== undefined && cents > options.maxCents) {
    return { ok: false, message: `The amount is above this organisation's per-link cap of ${formatCents(options.maxCents)}.` };
  }
  return { ok: true, cents };
}

/** Integer cents as US dollars, "$1,234.56", without floating-point division. */
export function formatCents(cents: number | bigint): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const dollars = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rest = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}$${dollars}.${rest}`;
}

/** Integer cents as the plain decimal a form field or a CSV holds, "1234.56". */
export function centsToDecimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
