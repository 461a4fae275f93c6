import { schedules } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { checkSchedule, draftFromInput } from './check-schedule.js';
import { scheduleResource } from './schedule-resource.js';
import { createOptions, inTemporal, pauseNote } from './temporal-schedule.js';
import type { ScheduleInput, ScheduleResource } from './types.js';

/**
 * Creates a schedule: its record, its audit row and its Temporal Schedule (same id), all or
 * nothing. Temporal fires every run from then on; nothing of ours keeps time.
 */
export async function createSchedule(
  ctx: ServiceContext,
  input: ScheduleInput,
  options: { triggerId?: string } = {},
): Promise<ScheduleResource> {
  requirePermission(ctx, 'schedules:write');
  const draft = draftFromInput(input);
  await checkSchedule(ctx.db, ctx.orgId, draft, { target: true });
  const id = newId('sch');
  const paused = input.paused ?? false;
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(schedules)
      .values({
        id,
        orgId: ctx.orgId,
        ...draft,
        triggerId: options.triggerId ?? null,
        createdBy: ctx.actor.id,
      })
      .returning();
    if (!inserted) throw new Error('insert returned no row');
    await recordAudit(tx, ctx, {
      action: 'schedule.create',
      resourceType: 'schedule',
      resourceId: id,
      details: {
        name: draft.name,
        workflow_id: draft.workflowId,
        cron: draft.cron,
        interval: draft.interval,
        timezone: draft.timezone,
        paused,
        trigger_id: options.triggerId ?? null,
      },
    });
    // Last: if Temporal refuses the schedule, the record and its audit row roll back.
    await inTemporal(() =>
      ctx.temporal.client.schedule.create(
        createOptions(inserted, ctx.temporal.taskQueue, {
          paused,
          ...(paused ? { note: pauseNote(ctx, true) } : {}),
        }),
      ),
    );
    return inserted;
  });
  return scheduleResource(ctx, row);
}
