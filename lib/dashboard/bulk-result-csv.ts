import "server-only";
import type { PayoutLink as PayoutLinkRow } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";
import { serializePayoutLink } from "../payout-links/serialize-payout-link";
import { csvLine } from "./csv";
import { sendPayoutLinkEmail } from "./link-email";
import { centsToDecimal } from "./parse-money";

/** The created links with their claim URLs, in the file's order, for the operator to distribute. */
export function bulkResultCsv(rows: PayoutLinkRow[]): string {
  let out = csvLine(["id", "url", "amount", "description", "expires_at", "recipient_email"]);
  for (const row of rows) {
    const link = serializePayoutLink(row);
    out += csvLine([link.id, link.url, centsToDecimal(link.amount), link.description, link.expires_at, row.recipientEmail]);
  }
  return out;
}

/** Each row that named an address gets its link by email, after the links are committed. */
export async function sendBulkEmails(db: DbOrTx, organizationName: string, rows: PayoutLinkRow[]) {
  for (const row of rows) {
    if (!row.recipientEmail) continue;
    const link = serializePayoutLink(row);
    await sendPayoutLinkEmail(db, { to: row.recipientEmail, organizationName, amount: link.amount, description: link.description, url: link.url, expiresAt: row.expiresAt });
  }
}
