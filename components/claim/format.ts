// Formatting shared by the claim page's server and client components. No server imports.

const money = new Map<string, Intl.NumberFormat>();

/** Integer cents → "$250.00". */
export function formatMoney(amount: number, currency: string): string {
  let format = money.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    money.set(currency, format);
  }
  return format.format(amount / 100);
}

const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * Rendered on the server, where the claimant's time zone is unknown (and the status page must
 * work without JavaScript), so times say UTC explicitly.
 */
export function formatDateTime(iso: string): string {
  return `${dateTime.format(new Date(iso))} UTC`;
}
