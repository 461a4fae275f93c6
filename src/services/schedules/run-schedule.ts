import type { OverlapPolicy } from '../../db/schema/schedules.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findSchedule } from './find-schedule.js';
import { inTemporal, TEMPORAL_OVERLAP } from './temporal-schedule.js';

/**
 * "Run now": Temporal starts one run outside the timetable (even while paused). Overlap defaults to
 * allow_all, so a run already in progress does not swallow the request.
 */
export async function runScheduleNow(
  ctx: ServiceContext,
  id: string,
  overlap: OverlapPolicy = 'allow_all',
): Promise<{ schedule_id: string; overlap_policy: OverlapPolicy; requested_at: string }> {
  requirePermission(ctx, 'schedules:write');
  const requestedAt = new Date();
  await ctx.db.transaction(async (tx) => {
    await findSchedule(tx, ctx.orgId, id);
    await recordAudit(tx, ctx, {
      action: 'schedule.trigger',
      resourceType: 'schedule',
      resourceId: id,
      details: { overlap_policy: overlap },
    });
    await inTemporal(() => ctx.temporal.client.schedule.getHandle(id).trigger(TEMPORAL_OVERLAP[overlap]));
  });
  return { schedule_id: id, overlap_policy: overlap, requested_at: requestedAt.toISOString() };
}
