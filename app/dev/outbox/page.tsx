import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SandboxBadge } from "@/components/sandbox-badge";
import styles from "@/components/operators/outbox.module.css";
import { db } from "@/lib/db/client";
import { devOutboxEnabled, listOutboundEmails } from "@/lib/email/send-email";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";

export const metadata: Metadata = { title: "Development outbox · Payout Links", robots: { index: false, follow: false } };

const timeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** The text body with its URLs as links (the HTML body is never rendered here: it is untrusted markup). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

/**
 * Emails the app would have sent, for installs without SMTP_URL. It holds invitation links, so it
 * is for signed-in admins only, and it does not exist at all once a mail server is configured.
 */
export default async function DevOutboxPage() {
  if (!devOutboxEnabled()) notFound();
  const operator = await requireOperator();
  const admin = hasRole(operator.role, "admin");
  const emails = admin ? await listOutboundEmails(await db()) : [];
  return (
    <main className={styles.page}>
      <div className={styles.topbar}>
        <Link href="/dashboard" className={styles.brand}>
          Payout Links
        </Link>
        <SandboxBadge />
      </div>
      <h1>Development outbox</h1>
      <p className={styles.notice} role="note">
        No mail server is configured (<code>SMTP_URL</code> is unset), so emails are kept here instead of being sent. This page is for development and goes away
        once <code>SMTP_URL</code> is set.
      </p>
      {!admin ? (
        <p className={styles.refusal} role="status">
          Only admins can read the outbox: it holds invitation links.
        </p>
      ) : emails.length === 0 ? (
        <p>No emails yet.</p>
      ) : (
        <ol className={styles.list} aria-label="Emails, newest first">
          {emails.map((email) => (
            <li key={email.id} className={styles.email}>
              <article aria-labelledby={`email-${email.id}`}>
                <h2 id={`email-${email.id}`} className={styles.subject}>
                  {email.subject}
                </h2>
                <dl className={styles.meta}>
                  <div>
                    <dt>To</dt>
                    <dd>{email.to}</dd>
                  </div>
                  <div>
                    <dt>Created</dt>
                    <dd>
                      <time dateTime={email.createdAt.toISOString()}>{timeFormat.format(email.createdAt)} UTC</time>
                    </dd>
                  </div>
                  <div>
                    <dt>Status</dt>
                    <dd>{email.status}</dd>
                  </div>
                </dl>
                <pre className={styles.body}>
                  <Linkified text={email.text} />
                </pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
