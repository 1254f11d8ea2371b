import Link from "next/link";
import { NewLinkForm } from "@/components/dashboard/links/new-link-form";
import styles from "@/components/dashboard/links/links.module.css";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";

export const metadata = { title: "New link · Payout Links" };

export default async function NewLinkPage() {
  const operator = await requireOperator();
  const organization = await (await db()).organization.findUniqueOrThrow({ where: { id: operator.organizationId } });
  return (
    <>
      <div className={styles.pageHeader}>
        <h1>New payout link</h1>
        <Link className={styles.button} href="/dashboard/links/bulk">
          Create many from a CSV
        </Link>
      </div>
      {hasRole(operator.role, "operator") ? (
        <NewLinkForm maxCents={organization.maxLinkAmount} maxTtlSeconds={config().PAYOUT_LINK_MAX_TTL_SECONDS} defaultTtlSeconds={organization.defaultLinkTtlSeconds} />
      ) : (
        <p className={styles.alert}>Your role ({operator.role}) can see links but not create them. Ask an admin for the operator role.</p>
      )}
    </>
  );
}
