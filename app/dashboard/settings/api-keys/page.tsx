import { AdminOnly } from "@/components/dashboard/settings/admin-only";
import { CreateApiKeyForm, RevokeApiKeyButton } from "@/components/dashboard/settings/api-key-forms";
import { LocalTime } from "@/components/dashboard/settings/local-time";
import styles from "@/components/dashboard/settings/settings.module.css";
import { listApiKeys } from "@/lib/auth/api-keys";
import { db } from "@/lib/db/client";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata = { title: "API keys · Payout Links" };

export default async function ApiKeysPage() {
  const operator = await requireOperator();
  if (!hasRole(operator.role, "admin")) return <AdminOnly title="API keys" operator={operator} what="see and manage API keys" />;
  const keys = await listApiKeys(await db(), operator.organizationId);
  return (
    <>
      <h1>API keys</h1>
      <p className={styles.lede}>
        Your backend calls the API and the SDK with these keys (<code>Authorization: Bearer sk_…</code>). A key is shown in full once, when it is
        created; revoking one takes effect on its next request.
      </p>
      <section aria-labelledby="keys-heading" className={styles.section}>
        <h2 id="keys-heading">Keys ({keys.length})</h2>
        {keys.length === 0 ? (
          <p className={`${styles.card} ${styles.empty}`}>No API keys yet. Create one below to call the API.</p>
        ) : (
          <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="API keys (scrolls sideways on small screens)">
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Capabilities</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id} data-testid="api-key-row">
                    <th scope="row">{key.name}</th>
                    <td className={styles.mono}>{key.prefix}…</td>
                    <td>{key.capabilities.length ? key.capabilities.join(", ") : <span className={styles.muted}>none</span>}</td>
                    <td>
                      <LocalTime iso={key.created_at} />
                    </td>
                    <td>
                      <LocalTime iso={key.last_used_at} fallback="Never" />
                    </td>
                    <td>
                      {key.revoked_at ? (
                        <span className={`${styles.badge} ${styles.badgeBad}`}>
                          Revoked <LocalTime iso={key.revoked_at} />
                        </span>
                      ) : (
                        <RevokeApiKeyButton id={key.id} name={key.name} action={revokeApiKeyAction} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="create-key-heading" className={styles.section}>
        <h2 id="create-key-heading">Create a key</h2>
        <CreateApiKeyForm action={createApiKeyAction} />
      </section>
    </>
  );
}
