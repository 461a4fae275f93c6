import { ScheduleNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { schedules } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { applyPatch, checkSchedule } from './check-schedule.js';
import { assertEditable, findSchedule, type ScheduleEditor } from './find-schedule.js';
import { scheduleResource } from './schedule-resource.js';
import { createOptions, inTemporal, pauseNote, updateOptions } from './temporal-schedule.js';
import type { ScheduleInput, ScheduleResource } from './types.js';

/**
 * Changes any field; fields left out keep their value. The Temporal Schedule is replaced with the
 * new spec, action and policies in the same transaction (recreated if it went missing).
 */
export async function updateSchedule(
  ctx: ServiceContext,
  id: string,
  patch: Partial<ScheduleInput>,
  editor: ScheduleEditor = {},
): Promise<ScheduleResource> {
  requirePermission(ctx, 'schedules:write');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findSchedule(tx, ctx.orgId, id, { forUpdate: true });
    assertEditable(current, editor);
    const draft = applyPatch(current, patch);
    const retargeted = patch.workflow_id !== undefined || patch.input !== undefined;
    await checkSchedule(tx, ctx.orgId, draft, {
      target: retargeted,
      minIntervalSeconds: ctx.config.limits.minScheduleIntervalSeconds,
    });
    const [updated] = await tx
      .update(schedules)
      .set({ ...draft, updatedAt: new Date() })
      .where(inOrg(schedules, ctx.orgId, eq(schedules.id, current.id)))
      .returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: 'schedule.update',
      resourceType: 'schedule',
      resourceId: id,
      details: { fields: Object.keys(patch).sort() },
    });
    const paused =
      patch.paused === undefined ? undefined : { paused: patch.paused, note: pauseNote(ctx, patch.paused) };
    // Last: if Temporal refuses the new spec, the record keeps its old values.
    const handle = ctx.temporal.client.schedule.getHandle(id);
    await inTemporal(async () => {
      try {
        await handle.update((previous) => updateOptions(updated, ctx.temporal.taskQueue, previous, paused));
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
        await ctx.temporal.client.schedule.create(
          createOptions(updated, ctx.temporal.taskQueue, paused ?? { paused: false }),
        );
      }
    });
    return updated;
  });
  return scheduleResource(ctx, row);
}
