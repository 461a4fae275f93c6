import { webhookSubscriptions } from '../../db/schema/index.js';
import { softDeleteInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findWebhook } from './webhook-resource.js';

/** Soft-deletes a subscription: it gets no new deliveries, and pending ones stop at their next attempt. */
export async function deleteWebhook(ctx: ServiceContext, id: string): Promise<void> {
  requirePermission(ctx, 'webhooks:write');
  await ctx.db.transaction(async (tx) => {
    const row = await findWebhook(tx, ctx.orgId, id, { forUpdate: true });
    await softDeleteInOrg(tx, webhookSubscriptions, ctx.orgId, id, ctx.clock(), { enabled: false });
    await recordAudit(tx, ctx, {
      action: 'webhook.delete',
      resourceType: 'webhook',
      resourceId: id,
      details: { name: row.name, url: row.url },
    });
  });
}
