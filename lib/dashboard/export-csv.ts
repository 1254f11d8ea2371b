import "server-only";
import type { DbOrTx } from "../db/transaction";
import { csvLine } from "./csv";
import { centsToDecimal } from "./parse-money";
import { allPayoutLinkRows, type LinkSearch } from "./search-payout-links";

export const EXPORT_COLUMNS = [
  "id",
  "amount",
  "currency",
  "description",
  "status",
  "created_at",
  "expires_at",
  "sent_to",
  "recipient_id",
  "recipient_name",
  "recipient_email",
] as const;

/**
 * The filtered links as CSV, streamed: one keyset batch in memory at a time, pulled only as fast
 * as the client reads (a ReadableStream's pull). Claim URLs are left out on purpose: a CSV of
 * live bearer links would be a file anyone could cash; the detail page shows a pending link's URL.
 */
export function exportPayoutLinksCsv(db: DbOrTx, organizationId: string, search: Omit<LinkSearch, "after" | "limit">, batchSize = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = allPayoutLinkRows(db, organizationId, search, batchSize);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine([...EXPORT_COLUMNS])));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      let chunk = "";
      for (const r of next.value) {
        chunk += csvLine([
          r.id,
          centsToDecimal(r.amount),
          "USD",
          r.description,
          r.status,
          r.createdAt.toISOString(),
          r.expiresAt.toISOString(),
          r.sentTo,
          r.recipientId,
          r.recipientName,
          r.recipientEmail,
        ]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
