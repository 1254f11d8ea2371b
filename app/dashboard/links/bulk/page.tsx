import { randomBytes } from "node:crypto";
import { BulkUploadForm } from "@/components/dashboard/links/bulk-upload-form";
import styles from "@/components/dashboard/links/links.module.css";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";

export const metadata = { title: "Bulk links · Payout Links" };

export default async function BulkPage() {
  const operator = await requireOperator();
  return (
    <>
      <div className={styles.pageHeader}>
        <h1>Create links from a CSV</h1>
      </div>
      {hasRole(operator.role, "operator") ? (
        // A fresh key per page view: one upload, one set of links, however often it is submitted.
        <BulkUploadForm uploadKey={randomBytes(18).toString("base64url")} />
      ) : (
        <p className={styles.alert}>Your role ({operator.role}) can see links but not create them.</p>
      )}
      <section className={styles.card} aria-labelledby="example-heading">
        <h2 id="example-heading">Example</h2>
        <pre tabIndex={0} aria-label="Example: three columns and two links">{`amount,description,recipient_email,metadata.order
25.00,"Referral bonus, order #4127",ana@example.com,4127
120.50,Survey reward,,4128`}</pre>
        <p className={styles.hint}>The total is held on your balance at once; if it does not cover the total, nothing is created.</p>
      </section>
    </>
  );
}
