import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SandboxBadge } from "@/components/sandbox-badge";
import { SignInForm } from "@/components/operators/sign-in-form";
import { config } from "@/lib/config";
import { oauthProviderIds } from "@/lib/operators/auth-options";
import { currentOperator } from "@/lib/operators/session";
import { safeCallbackUrl } from "@/lib/operators/callback-url";
import styles from "@/components/operators/auth-card.module.css";

export const metadata: Metadata = { title: "Sign in · Payout Links", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : undefined, config().appUrl);
  // Already signed in (and still a member somewhere): straight on.
  if (await currentOperator()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? params.error : undefined;
  return (
    <main className={styles.page}>
      <div className={styles.topbar}>
        <span className={styles.brand}>Payout Links</span>
        <SandboxBadge />
      </div>
      <section className={styles.card} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" className={styles.title}>
          Sign in to the dashboard
        </h1>
        <SignInForm callbackUrl={callbackUrl} initialError={error} oauthProviders={oauthProviderIds()} />
        {config().embedded ? (
          <p className={styles.muted} style={{ marginTop: "1rem" }}>
            Trying it out? <code>npm start</code> printed the demo admin&apos;s email and password; they are also kept in <code>.data/demo-operator</code>.
          </p>
        ) : null}
      </section>
    </main>
  );
}
