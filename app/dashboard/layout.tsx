import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SandboxBadge } from "@/components/sandbox-badge";
import { DashboardNav } from "@/components/operators/dashboard-nav";
import { OrganizationSwitcher } from "@/components/operators/organization-switcher";
import { SignOutButton } from "@/components/operators/sign-out-button";
import styles from "@/components/operators/dashboard-shell.module.css";
import { bankLinkBackend } from "@/lib/bank-link/bank-link";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { listUserOrganizations } from "@/lib/operators/memberships";
import { requireOperator } from "@/lib/operators/session";

export const metadata: Metadata = { title: "Dashboard · Payout Links", robots: { index: false } };

/** Sandbox whenever either side of the money is simulated: the sandbox rail or the sandbox bank. */
function runsOnSandbox() {
  return config().PAYOUT_RAIL === "sandbox" || bankLinkBackend().mode !== "plaid-production";
}

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const operator = await requireOperator();
  const organizations = await listUserOrganizations(await db(), operator.userId);
  return (
    <div className={styles.shell}>
      <a className={styles.skip} href="#main">
        Skip to content
      </a>
      <header className={styles.header}>
        <div className={styles.headerInner}>
          <Link href="/dashboard" className={styles.brand}>
            Payout Links
          </Link>
          {runsOnSandbox() ? <SandboxBadge /> : null}
          {organizations.length > 1 ? (
            <OrganizationSwitcher className={styles.org} current={operator.organizationId} organizations={organizations} />
          ) : (
            <span className={styles.org} data-testid="organization-name">
              {operator.organizationName}
            </span>
          )}
          <span className={styles.who}>
            <span data-testid="signed-in-user" title={operator.email}>
              {operator.name || operator.email}
            </span>
            <span className={styles.role} data-testid="member-role">
              {operator.role}
            </span>
            <SignOutButton className={styles.signOut} />
          </span>
        </div>
        <DashboardNav />
      </header>
      <main id="main" className={styles.main}>
        {children}
      </main>
    </div>
  );
}
