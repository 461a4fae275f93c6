import { eq } from 'drizzle-orm';
import { triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findTrigger } from './find-trigger.js';
import { pauseBackingSchedule } from './schedule-backing.js';
import { describeTrigger, type TriggerResource } from './trigger-resource.js';

/**
 * Enables or disables a trigger (flips it when `enabled` is not given). A disabled webhook answers
 * like an unknown one; a disabled schedule trigger pauses its Temporal Schedule.
 */
export async function toggleTrigger(
  ctx: ServiceContext,
  id: string,
  enabled?: boolean,
): Promise<TriggerResource> {
  const { secrets } = ctx;
  requirePermission(ctx, 'triggers:write');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findTrigger(tx, ctx.orgId, id, { forUpdate: true });
    const next = enabled ?? !current.enabled;
    if (next === current.enabled) return current;
    const [updated] = await tx
      .update(triggers)
      .set({ enabled: next, updatedAt: new Date() })
      .where(inOrg(triggers, ctx.orgId, eq(triggers.id, current.id)))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: next ? 'trigger.enable' : 'trigger.disable',
      resourceType: 'trigger',
      resourceId: id,
    });
    if (current.type === 'schedule') await pauseBackingSchedule({ ...ctx, db: tx }, updated, !next);
    return updated;
  });
  return describeTrigger(row, secrets.masterKey);
}
