import { formatCents } from "@/lib/dashboard/parse-money";

/** Integer cents as dollars, tabular so columns of amounts line up. */
export function Money({ cents }: { cents: number }) {
  return <span style={{ fontVariantNumeric: "tabular-nums" }}>{formatCents(cents)}</span>;
}
