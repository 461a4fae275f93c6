import { isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { derivedId } from '../../lib/ids.js';
import type { Clock } from '../context.js';
import { filtersMatching, type WebhookEventType } from './event-types.js';

export interface WebhookEvent {
  type: WebhookEventType;
  data: Record<string, unknown>;
  /**
   * Names the event itself (`execution.completed:exe_…`): emitting the same event again (a retried
   * activity, a repeated request) writes nothing new and yields the same delivery ids.
   */
  eventId: string;
}

/**
 * The outbox write: inside the caller's transaction, one pending delivery per enabled subscription
 * of the organization that asked for this type. The delivery id is derived from subscription and
 * event, so it is stable (the `webhook-id` receivers dedupe on). After the commit the caller
 * passes the ids to `startWebhookDeliveries`; the sweeper starts any whose start was lost.
 */
export async function emitWebhookEvent(
  ctx: { orgId: string; clock: Clock },
  tx: Db,
  event: WebhookEvent,
): Promise<string[]> {
  const filters = filtersMatching(event.type);
  const subscriptions = await tx
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      inOrg(
        webhookSubscriptions,
        ctx.orgId,
        sql`${webhookSubscriptions.enabled}`,
        isNull(webhookSubscriptions.deletedAt),
        sql`${webhookSubscriptions.eventTypes} ?| array[${sql.join(
          filters.map((f) => sql`${f}`),
          sql`, `,
        )}]::text[]`,
      ),
    );
  if (subscriptions.length === 0) return [];
  const occurredAt = ctx.clock().toISOString();
  const rows = subscriptions.map(({ id }) => ({
    id: derivedId('whd', id, event.eventId),
    orgId: ctx.orgId,
    subscriptionId: id,
    eventId: event.eventId,
    eventType: event.type,
    payload: { type: event.type, timestamp: occurredAt, data: event.data },
  }));
  await tx.insert(webhookDeliveries).values(rows).onConflictDoNothing();
  return rows.map((row) => row.id);
}
