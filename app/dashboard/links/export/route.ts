import { exportPayoutLinksCsv } from "@/lib/dashboard/export-csv";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { requireRole } from "@/lib/operators/session";
import { PayoutLinkStatus } from "@/lib/payout-links/schemas";

// The links table's filtered set as CSV, streamed in keyset batches (constant memory at any
// size). Session-authenticated: any member may export what they can see.
export async function GET(request: Request) {
  let operator;
  try {
    operator = await requireRole("viewer");
  } catch (err) {
    if (err instanceof AppError) return new Response(err.message, { status: err.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw err;
  }
  const params = new URL(request.url).searchParams;
  const status = PayoutLinkStatus.safeParse(params.get("status") ?? undefined);
  const q = params.get("q")?.slice(0, 200) || undefined;
  const stream = exportPayoutLinksCsv(await db(), operator.organizationId, { status: status.success ? status.data : undefined, q });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="payout-links-${stamp}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
