import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';

export type WebhookRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** The API shape of a subscription. The signing secret never appears: only its hint. */
export function toWebhookResource(row: WebhookRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    url: row.url,
    event_types: row.eventTypes,
    enabled: row.enabled,
    disabled_reason: row.disabledReason ?? null,
    max_consecutive_failures: row.maxConsecutiveFailures,
    consecutive_failures: row.consecutiveFailures,
    secret_hint: row.secretHint,
    previous_secret_expires_at: row.previousSecretExpiresAt?.toISOString() ?? null,
    last_delivery_at: row.lastDeliveryAt?.toISOString() ?? null,
    created_by: row.createdBy ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type WebhookResource = ReturnType<typeof toWebhookResource>;
/** Create and rotate-secret answer with this: the only times the secret is shown. */
export type WebhookWithSecret = WebhookResource & { secret: string };

export function toDeliveryResource(row: WebhookDeliveryRow) {
  return {
    id: row.id,
    subscription_id: row.subscriptionId,
    event_id: row.eventId,
    event_type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    response_status: row.responseStatus ?? null,
    response_body: row.responseBody ?? null,
    last_error: row.lastError ?? null,
    last_attempt_at: row.lastAttemptAt?.toISOString() ?? null,
    delivered_at: row.deliveredAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

/** The organization's live subscription `id`, or 404 (another organization's answers the same). */
export async function findWebhook(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<WebhookRow> {
  const query = db
    .select()
    .from(webhookSubscriptions)
    .where(
      inOrg(
        webhookSubscriptions,
        orgId,
        eq(webhookSubscriptions.id, id),
        isNull(webhookSubscriptions.deletedAt),
      ),
    );
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Webhook');
  return row;
}
