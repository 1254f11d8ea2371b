import { AdminOnly } from "@/components/dashboard/settings/admin-only";
import { BrandingForm } from "@/components/dashboard/settings/branding-form";
import styles from "@/components/dashboard/settings/settings.module.css";
import { db } from "@/lib/db/client";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";
import { getOrganizationSettings } from "@/lib/organizations/settings";
import { saveBrandingAction } from "./actions";

export const metadata = { title: "Branding · Payout Links" };

export default async function BrandingPage() {
  const operator = await requireOperator();
  if (!hasRole(operator.role, "admin")) return <AdminOnly title="Branding" operator={operator} what="change the branding" />;
  const settings = await getOrganizationSettings(await db(), operator.organizationId);
  return (
    <>
      <h1>Branding</h1>
      <p className={styles.lede}>How claimants see you on the claim page. Every field is optional.</p>
      <BrandingForm action={saveBrandingAction} current={settings.branding} organizationName={settings.name} />
    </>
  );
}
