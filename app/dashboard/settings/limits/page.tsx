import { AdminOnly } from "@/components/dashboard/settings/admin-only";
import { LimitsForm } from "@/components/dashboard/settings/limits-form";
import styles from "@/components/dashboard/settings/settings.module.css";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";
import { getOrganizationSettings } from "@/lib/organizations/settings";
import { saveLimitsAction } from "./actions";

export const metadata = { title: "Limits · Payout Links" };

export default async function LimitsPage() {
  const operator = await requireOperator();
  if (!hasRole(operator.role, "admin")) return <AdminOnly title="Limits" operator={operator} what="see and change the limits" />;
  const settings = await getOrganizationSettings(await db(), operator.organizationId);
  return (
    <>
      <h1>Limits</h1>
      <p className={styles.lede}>
        Rules every new link and claim follows. The API and the claim page read them on every request, so a change applies at once.
      </p>
      <LimitsForm action={saveLimitsAction} current={settings.limits} maxTtlHours={Math.floor(config().PAYOUT_LINK_MAX_TTL_SECONDS / 3600)} />
    </>
  );
}
