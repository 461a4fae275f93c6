import { eq } from 'drizzle-orm';
import { webhookSubscriptions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { generateWebhookSecret, secretHint } from '../triggers/webhook-secrets.js';
import { findWebhook, toWebhookResource, type WebhookWithSecret } from './webhook-resource.js';
import { sealSubscriptionSecret } from './webhook-secret.js';

/** How long deliveries keep carrying the old secret's signature beside the new one's. */
export const PREVIOUS_SECRET_GRACE_SECONDS = 24 * 3600;

/**
 * Issues a new signing secret, shown in this answer only. For 24 hours deliveries carry two
 * signatures (new and old, space-separated as Standard Webhooks allows), so a receiver can switch
 * when it likes without refusing anything.
 */
export async function rotateWebhookSecret(ctx: ServiceContext, id: string): Promise<WebhookWithSecret> {
  requirePermission(ctx, 'webhooks:write');
  const secret = generateWebhookSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findWebhook(tx, ctx.orgId, id, { forUpdate: true });
    const now = ctx.clock();
    const [updated] = await tx
      .update(webhookSubscriptions)
      .set({
        secretCiphertext: sealSubscriptionSecret(ctx.secrets.masterKey, id, secret),
        secretHint: secretHint(secret),
        previousSecretCiphertext: current.secretCiphertext,
        previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_SECONDS * 1000),
        updatedAt: now,
      })
      .where(inOrg(webhookSubscriptions, ctx.orgId, eq(webhookSubscriptions.id, id)))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: 'webhook.rotate_secret',
      resourceType: 'webhook',
      resourceId: id,
      details: { grace_seconds: PREVIOUS_SECRET_GRACE_SECONDS },
    });
    return updated;
  });
  return { ...toWebhookResource(row), secret };
}
