import { eq } from 'drizzle-orm';
import { triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { conflict } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findTrigger } from './find-trigger.js';
import { describeTrigger, type TriggerWithSecret, withSecret } from './trigger-resource.js';
import { generateWebhookSecret, sealWebhookSecret } from './webhook-secrets.js';

export const DEFAULT_GRACE_SECONDS = 3600;
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;

/**
 * Issues a new webhook signing secret, returned once. The old one keeps verifying for
 * `graceSeconds` so senders can switch without dropping deliveries; 0 revokes it at once.
 */
export async function rotateWebhookSecret(
  ctx: ServiceContext,
  id: string,
  graceSeconds = DEFAULT_GRACE_SECONDS,
): Promise<TriggerWithSecret> {
  const { secrets } = ctx;
  requirePermission(ctx, 'triggers:write');
  const secret = generateWebhookSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findTrigger(tx, ctx.orgId, id, { forUpdate: true });
    if (current.type !== 'webhook' || !current.secretCiphertext) {
      throw conflict('not_a_webhook', 'Only webhook triggers have a signing secret');
    }
    const now = new Date();
    const keepOld = graceSeconds > 0;
    const [updated] = await tx
      .update(triggers)
      .set({
        secretCiphertext: sealWebhookSecret(secrets.masterKey, current.id, secret),
        previousSecretCiphertext: keepOld ? current.secretCiphertext : null,
        previousSecretExpiresAt: keepOld ? new Date(now.getTime() + graceSeconds * 1000) : null,
        updatedAt: now,
      })
      .where(inOrg(triggers, ctx.orgId, eq(triggers.id, current.id)))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: 'trigger.rotate_secret',
      resourceType: 'trigger',
      resourceId: id,
      details: { grace_seconds: graceSeconds },
    });
    return updated;
  });
  return withSecret(describeTrigger(row, secrets.masterKey), secret);
}
