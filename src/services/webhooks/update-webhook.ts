import { eq } from 'drizzle-orm';
import { webhookSubscriptions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { checkWebhookDestination } from './check-destination.js';
import type { WebhookFields } from './create-webhook.js';
import { findWebhook, toWebhookResource, type WebhookResource } from './webhook-resource.js';

/**
 * Changes a subscription (PUT sends every field, PATCH some; those left out keep their value).
 * Enabling it again clears the failure count and the reason it was disabled.
 */
export async function updateWebhook(
  ctx: ServiceContext,
  id: string,
  input: Partial<WebhookFields>,
): Promise<WebhookResource> {
  requirePermission(ctx, 'webhooks:write');
  if (input.url !== undefined) await checkWebhookDestination(ctx, input.url);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findWebhook(tx, ctx.orgId, id, { forUpdate: true });
    const reenabled = input.enabled === true && !current.enabled;
    const [updated] = await tx
      .update(webhookSubscriptions)
      .set({
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.url === undefined ? {} : { url: input.url }),
        ...(input.event_types === undefined ? {} : { eventTypes: [...new Set(input.event_types)] }),
        ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
        ...(input.max_consecutive_failures === undefined
          ? {}
          : { maxConsecutiveFailures: input.max_consecutive_failures }),
        ...(reenabled ? { consecutiveFailures: 0, disabledReason: null } : {}),
        updatedAt: ctx.clock(),
      })
      .where(inOrg(webhookSubscriptions, ctx.orgId, eq(webhookSubscriptions.id, id)))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: 'webhook.update',
      resourceType: 'webhook',
      resourceId: id,
      details: { fields: Object.keys(input).sort() },
    });
    return updated;
  });
  return toWebhookResource(row);
}
