import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInviteForm } from "@/components/operators/accept-invite-form";
import { SandboxBadge } from "@/components/sandbox-badge";
import styles from "@/components/operators/auth-card.module.css";
import { db } from "@/lib/db/client";
import { getInviteView } from "@/lib/operators/invites";
import { roleWithArticle } from "@/lib/operators/role-label";
import { acceptInviteAction } from "./actions";

export const metadata: Metadata = { title: "Invitation · Payout Links", robots: { index: false, follow: false } };

type Props = { params: Promise<{ token: string }> };

const CLOSED = {
  used: { title: "This invitation has been used", body: "Each invitation works once. If it was you who accepted it, sign in." },
  expired: { title: "This invitation has expired", body: "Invitations are valid for 7 days. Ask the person who invited you to send a new one." },
  revoked: { title: "This invitation was withdrawn", body: "Ask the person who invited you to send a new one." },
  not_found: { title: "This invitation does not exist", body: "Check that you opened the whole link from the email, or ask for a new invitation." },
} as const;

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const view = await getInviteView(await db(), token);
  return (
    <main className={styles.page}>
      <div className={styles.topbar}>
        <span className={styles.brand}>Payout Links</span>
        <SandboxBadge />
      </div>
      <section className={styles.card} aria-labelledby="invite-title">
        {view.state === "open" ? (
          <>
            <h1 id="invite-title" className={styles.title}>
              Join {view.organizationName}
            </h1>
            <p className={styles.lede}>
              {view.inviterName ?? "An admin"} invited <strong>{view.email}</strong> to join as {roleWithArticle(view.role).split(" ")[0]} <strong>{view.role}</strong>.{" "}
              {view.hasAccount ? "You already have an account: enter its password to accept." : "Choose your name and a password to accept."}
            </p>
            <AcceptInviteForm action={acceptInviteAction.bind(null, token)} email={view.email} hasAccount={view.hasAccount} />
          </>
        ) : (
          <>
            <h1 id="invite-title" className={styles.title}>
              {CLOSED[view.state].title}
            </h1>
            <p className={styles.lede}>{CLOSED[view.state].body}</p>
            <p>
              <Link href="/sign-in">Go to sign-in</Link>
            </p>
          </>
        )}
      </section>
    </main>
  );
}
