import { AdminOnly } from "@/components/dashboard/settings/admin-only";
import { LocalTime } from "@/components/dashboard/settings/local-time";
import styles from "@/components/dashboard/settings/settings.module.css";
import { DeliveryLog, SendTestEventButton, type DeliveryView } from "@/components/dashboard/settings/webhook-deliveries";
import { CreateEndpointForm, EndpointActions } from "@/components/dashboard/settings/webhook-forms";
import { db } from "@/lib/db/client";
import { hasRole } from "@/lib/operators/roles";
import { requireOperator } from "@/lib/operators/session";
import { getWebhookDelivery, listWebhookDeliveries } from "@/lib/webhooks/deliveries";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { EVENT_TYPES } from "@/lib/webhooks/schemas";
import { createEndpointAction, deleteEndpointAction, retryDeliveryAction, revealSecretAction, rotateSecretAction, sendTestEventAction } from "./actions";

const DELIVERIES_SHOWN = 10;

export const metadata = { title: "Webhooks · Payout Links" };

export default async function WebhooksPage() {
  const operator = await requireOperator();
  if (!hasRole(operator.role, "admin")) return <AdminOnly title="Webhooks" operator={operator} what="see and manage webhook endpoints" />;
  const prisma = await db();
  const endpoints = await listWebhookEndpoints(prisma, operator.organizationId, { limit: 100 });
  // Each endpoint's latest deliveries with their attempts (the same reads as the API's delivery log).
  const logs = new Map<string, DeliveryView[]>(
    await Promise.all(
      endpoints.data.map(async (endpoint) => {
        const page = await listWebhookDeliveries(prisma, operator.organizationId, endpoint.id, { limit: DELIVERIES_SHOWN });
        const detailed = await Promise.all(page.data.map((d) => getWebhookDelivery(prisma, operator.organizationId, d.id)));
        return [endpoint.id, detailed] as [string, DeliveryView[]];
      }),
    ),
  );
  return (
    <>
      <h1>Webhooks</h1>
      <p className={styles.lede}>
        Where we POST events such as <code>settlement.created</code>, signed per Standard Webhooks (<code>webhook-id</code>, <code>webhook-timestamp</code>,{" "}
        <code>webhook-signature</code>). Failed deliveries are retried for 24 hours.
      </p>
      <section aria-labelledby="endpoints-heading" className={styles.section}>
        <h2 id="endpoints-heading">Endpoints ({endpoints.data.length})</h2>
        {endpoints.data.length === 0 ? <p className={`${styles.card} ${styles.empty}`}>No endpoints yet. Add one below to receive events.</p> : null}
        {endpoints.data.map((endpoint) => (
          <article key={endpoint.id} className={styles.endpoint} aria-labelledby={`endpoint-${endpoint.id}`} data-testid="webhook-endpoint">
            <h3 id={`endpoint-${endpoint.id}`} className={styles.mono}>
              {endpoint.url}
            </h3>
            <p className={styles.muted} style={{ margin: 0 }}>
              {endpoint.enabled_events.join(", ")} · added <LocalTime iso={endpoint.created_at} />
            </p>
            <EndpointActions id={endpoint.id} url={endpoint.url} reveal={revealSecretAction} rotate={rotateSecretAction} remove={deleteEndpointAction} />
            <SendTestEventButton endpointId={endpoint.id} url={endpoint.url} action={sendTestEventAction} />
            <h4 className={styles.subheading} style={{ margin: 0 }}>
              Latest deliveries
            </h4>
            <DeliveryLog deliveries={logs.get(endpoint.id) ?? []} retry={retryDeliveryAction} />
          </article>
        ))}
      </section>
      <section aria-labelledby="add-endpoint-heading" className={styles.section}>
        <h2 id="add-endpoint-heading">Add an endpoint</h2>
        <CreateEndpointForm action={createEndpointAction} eventTypes={EVENT_TYPES} />
      </section>
    </>
  );
}
