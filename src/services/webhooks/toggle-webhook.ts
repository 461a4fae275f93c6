import { eq } from 'drizzle-orm';
import { webhookSubscriptions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findWebhook, toWebhookResource, type WebhookResource } from './webhook-resource.js';

/**
 * Enables or disables a subscription (flips it when `enabled` is not given). A disabled one gets
 * no new deliveries; enabling it clears its failure count and the reason it was disabled.
 */
export async function toggleWebhook(
  ctx: ServiceContext,
  id: string,
  enabled?: boolean,
): Promise<WebhookResource> {
  requirePermission(ctx, 'webhooks:write');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findWebhook(tx, ctx.orgId, id, { forUpdate: true });
    const next = enabled ?? !current.enabled;
    if (next === current.enabled) return current;
    const [updated] = await tx
      .update(webhookSubscriptions)
      .set({
        enabled: next,
        ...(next
          ? { consecutiveFailures: 0, disabledReason: null }
          : { disabledReason: 'disabled by a user' }),
        updatedAt: ctx.clock(),
      })
      .where(inOrg(webhookSubscriptions, ctx.orgId, eq(webhookSubscriptions.id, id)))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: next ? 'webhook.enable' : 'webhook.disable',
      resourceType: 'webhook',
      resourceId: id,
    });
    return updated;
  });
  return toWebhookResource(row);
}
