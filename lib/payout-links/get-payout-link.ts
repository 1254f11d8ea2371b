import "server-only";
import type { DbOrTx } from "../db/transaction";
import { findPayoutLinkRow } from "./find-payout-link";
import type { PayoutLink } from "./schemas";
import { serializePayoutLink } from "./serialize-payout-link";

export async function getPayoutLink(db: DbOrTx, organizationId: string, reference: string): Promise<PayoutLink> {
  return serializePayoutLink(await findPayoutLinkRow(db, organizationId, reference));
}
