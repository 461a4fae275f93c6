import { webhookSubscriptions } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { generateWebhookSecret, secretHint } from '../triggers/webhook-secrets.js';
import { checkWebhookDestination } from './check-destination.js';
import type { WebhookEventFilter } from './event-types.js';
import { toWebhookResource, type WebhookWithSecret } from './webhook-resource.js';
import { sealSubscriptionSecret } from './webhook-secret.js';

export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 10;

export interface WebhookFields {
  name: string;
  url: string;
  event_types: WebhookEventFilter[];
  description: string;
  enabled: boolean;
  max_consecutive_failures: number;
}

/** Subscribes a URL to the organization's events. The signing secret is in this answer only. */
export async function createWebhook(ctx: ServiceContext, input: WebhookFields): Promise<WebhookWithSecret> {
  requirePermission(ctx, 'webhooks:write');
  await checkWebhookDestination(ctx, input.url);
  const id = newId('whk');
  const secret = generateWebhookSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookSubscriptions)
      .values({
        id,
        orgId: ctx.orgId,
        name: input.name,
        description: input.description,
        url: input.url,
        eventTypes: [...new Set(input.event_types)],
        enabled: input.enabled,
        maxConsecutiveFailures: input.max_consecutive_failures,
        secretCiphertext: sealSubscriptionSecret(ctx.secrets.masterKey, id, secret),
        secretHint: secretHint(secret),
        createdBy: ctx.actor.id,
      })
      .returning();
    if (!created) throw new Error('insert returned no row');
    await recordAudit(tx, ctx, {
      action: 'webhook.create',
      resourceType: 'webhook',
      resourceId: id,
      details: { name: input.name, url: input.url, event_types: created.eventTypes },
    });
    return created;
  });
  return { ...toWebhookResource(row), secret };
}
