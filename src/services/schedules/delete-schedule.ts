import { ScheduleNotFoundError } from '@temporalio/client';
import { schedules } from '../../db/schema/index.js';
import { softDeleteInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { assertEditable, findSchedule, type ScheduleEditor } from './find-schedule.js';

/**
 * Soft-deletes the record (reads answer 404, the audit trail keeps it) and deletes the Temporal
 * Schedule, so no run starts any more. Runs already started carry on.
 */
export async function deleteSchedule(
  ctx: ServiceContext,
  id: string,
  editor: ScheduleEditor = {},
): Promise<void> {
  requirePermission(ctx, 'schedules:write');
  await ctx.db.transaction(async (tx) => {
    const current = await findSchedule(tx, ctx.orgId, id, { forUpdate: true });
    assertEditable(current, editor);
    await softDeleteInOrg(tx, schedules, ctx.orgId, current.id, ctx.clock());
    await recordAudit(tx, ctx, {
      action: 'schedule.delete',
      resourceType: 'schedule',
      resourceId: id,
      details: { name: current.name, workflow_id: current.workflowId },
    });
    try {
      await ctx.temporal.client.schedule.getHandle(id).delete();
    } catch (error) {
      // Already gone from Temporal: the record's deletion is all that was left to do.
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  });
}
