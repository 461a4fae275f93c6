import { eq } from 'drizzle-orm';
import { triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { sameJson } from '../workflows/same-json.js';
import { checkTrigger, throwIfInvalid } from './check-trigger.js';
import { lockEventGraph } from './event-graph-lock.js';
import { findTrigger } from './find-trigger.js';
import { pauseBackingSchedule, updateBackingSchedule } from './schedule-backing.js';
import { describeTrigger, type TriggerResource } from './trigger-resource.js';

export interface UpdateTriggerInput {
  name?: string;
  workflow_id?: string;
  enabled?: boolean;
  /** Replaces the whole config (defaults applied again); the type never changes. */
  config?: Record<string, unknown>;
  mappings?: Record<string, string>;
}

/** Changes what is given; the result is checked as a whole, like a new trigger. */
export async function updateTrigger(
  ctx: ServiceContext,
  id: string,
  input: UpdateTriggerInput,
): Promise<TriggerResource> {
  const { secrets } = ctx;
  requirePermission(ctx, 'triggers:write');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findTrigger(tx, ctx.orgId, id, { forUpdate: true });
    if (current.type === 'event') await lockEventGraph(tx, ctx.orgId);
    const workflowId = input.workflow_id ?? current.workflowId;
    const mappings = input.mappings ?? current.mappings;
    const check = await checkTrigger(
      tx,
      ctx.orgId,
      { type: current.type, workflowId, config: input.config ?? current.config, mappings },
      current.id,
    );
    throwIfInvalid(check);
    const changes = {
      name: input.name ?? current.name,
      workflowId,
      enabled: input.enabled ?? current.enabled,
      config: check.config,
      mappings,
    };
    const fields = Object.entries({
      name: changes.name !== current.name,
      workflow_id: changes.workflowId !== current.workflowId,
      enabled: changes.enabled !== current.enabled,
      config: !sameJson(changes.config, current.config),
      mappings: !sameJson(changes.mappings, current.mappings),
    })
      .filter(([, changed]) => changed)
      .map(([field]) => field);
    const [updated] = await tx
      .update(triggers)
      .set({ ...changes, updatedAt: new Date() })
      .where(inOrg(triggers, ctx.orgId, eq(triggers.id, current.id)))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: 'trigger.update',
      resourceType: 'trigger',
      resourceId: id,
      details: { fields },
    });
    // Last, so a refusal from Temporal rolls the change back.
    if (current.type === 'schedule') {
      const scheduleCtx = { ...ctx, db: tx };
      if (fields.some((f) => f !== 'enabled')) await updateBackingSchedule(scheduleCtx, updated);
      if (fields.includes('enabled')) await pauseBackingSchedule(scheduleCtx, updated, !updated.enabled);
    }
    return updated;
  });
  return describeTrigger(row, secrets.masterKey);
}
