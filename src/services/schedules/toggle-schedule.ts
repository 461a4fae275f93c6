import { eq } from 'drizzle-orm';
import { schedules } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { assertEditable, findSchedule, type ScheduleEditor } from './find-schedule.js';
import { scheduleResource } from './schedule-resource.js';
import { describeInTemporal, inTemporal, pauseNote } from './temporal-schedule.js';
import type { ScheduleResource } from './types.js';

/** Pauses or unpauses the schedule in Temporal, with a note saying who did it. */
export function setSchedulePaused(
  ctx: ServiceContext,
  id: string,
  paused: boolean,
  editor: ScheduleEditor = {},
): Promise<ScheduleResource> {
  return toggleSchedule(ctx, id, paused, editor);
}

/** As setSchedulePaused; with `paused` left out, flips the state Temporal reports. */
export async function toggleSchedule(
  ctx: ServiceContext,
  id: string,
  paused?: boolean,
  editor: ScheduleEditor = {},
): Promise<ScheduleResource> {
  requirePermission(ctx, 'schedules:write');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findSchedule(tx, ctx.orgId, id, { forUpdate: true });
    assertEditable(current, editor);
    const next = paused ?? !(await describeInTemporal(ctx, id))?.state.paused;
    const [updated] = await tx
      .update(schedules)
      .set({ updatedAt: new Date() })
      .where(inOrg(schedules, ctx.orgId, eq(schedules.id, current.id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: next ? 'schedule.pause' : 'schedule.unpause',
      resourceType: 'schedule',
      resourceId: id,
    });
    const handle = ctx.temporal.client.schedule.getHandle(id);
    const note = pauseNote(ctx, next);
    await inTemporal(() => (next ? handle.pause(note) : handle.unpause(note)));
    return updated ?? current;
  });
  return scheduleResource(ctx, row);
}
