import { requirePermission, type ServiceContext } from '../context.js';
import { findWebhook, toWebhookResource, type WebhookResource } from './webhook-resource.js';

export async function getWebhook(ctx: ServiceContext, id: string): Promise<WebhookResource> {
  requirePermission(ctx, 'webhooks:read');
  return toWebhookResource(await findWebhook(ctx.db, ctx.orgId, id));
}
