import Link from "next/link";
import { SETTINGS_PAGES } from "@/components/operators/dashboard-links";
import styles from "@/components/operators/settings.module.css";
import { requireOperator } from "@/lib/operators/session";

export const metadata = { title: "Settings · Payout Links" };

export default async function SettingsIndex() {
  await requireOperator();
  return (
    <>
      <h1>Settings</h1>
      <ul className={styles.index}>
        {SETTINGS_PAGES.map((page) => (
          <li key={page.href}>
            <Link href={page.href}>{page.label}</Link>
            <p>{page.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
