"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { DASHBOARD_NAV } from "./dashboard-links";
import styles from "./dashboard-shell.module.css";

function isCurrent(pathname: string, href: string, exact: boolean) {
  if (exact) return pathname === href || (href === "/dashboard/links" && /^\/dashboard\/links\/(?!new$|bulk$)[^/]+$/.test(pathname));
  return pathname === href || pathname.startsWith(href + "/");
}

export function DashboardNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard" className={styles.nav}>
      <ul>
        {DASHBOARD_NAV.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={isCurrent(pathname, item.href, item.exact) ? "page" : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
