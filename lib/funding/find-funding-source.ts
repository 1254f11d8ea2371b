import "server-only";
import type { FundingSource as FundingSourceRow } from "../db/generated/client";
import type { DbOrTx } from "../db/transaction";
import { AppError } from "../errors/app-error";
import { parsePublicId } from "../ids";

// Apart from funding-sources.ts so that deposits (and the processes that make them: the admin CLI,
// the worker) do not load the bank-link module and the Plaid client with it.

/**
 * A live funding source of the organisation, by its `fs_…` id; anything else (malformed, another
 * organisation's, removed) is funding_source_not_found naming `param`.
 */
export async function findLiveFundingSource(db: DbOrTx, organizationId: string, reference: string, param = "id"): Promise<FundingSourceRow> {
  const id = parsePublicId("fundingSource", reference);
  const row = id ? await db.fundingSource.findFirst({ where: { id, organizationId, removedAt: null } }) : null;
  if (!row) throw new AppError("funding_source_not_found", { param });
  return row;
}

