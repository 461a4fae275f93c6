import { eq } from 'drizzle-orm';
import { triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findTrigger } from './find-trigger.js';
import { deleteBackingSchedule } from './schedule-backing.js';

/**
 * Soft delete: every read answers 404 from now on, its webhook path stops answering, its
 * schedule is deleted, and its signing secrets are erased (the row stays for the audit trail).
 */
export async function deleteTrigger(ctx: ServiceContext, id: string): Promise<void> {
  requirePermission(ctx, 'triggers:write');
  await ctx.db.transaction(async (tx) => {
    const current = await findTrigger(tx, ctx.orgId, id, { forUpdate: true });
    const now = new Date();
    await tx
      .update(triggers)
      .set({
        deletedAt: now,
        updatedAt: now,
        enabled: false,
        secretCiphertext: null,
        previousSecretCiphertext: null,
        previousSecretExpiresAt: null,
      })
      .where(inOrg(triggers, ctx.orgId, eq(triggers.id, current.id)));
    await recordAudit(tx, ctx, {
      action: 'trigger.delete',
      resourceType: 'trigger',
      resourceId: id,
      details: { name: current.name, type: current.type },
    });
    if (current.type === 'schedule') await deleteBackingSchedule({ ...ctx, db: tx }, current);
  });
}
