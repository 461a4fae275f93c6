import { isNull, sql } from 'drizzle-orm';
import { schedules } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { checkSchedule, draftFromInput } from './check-schedule.js';
import { scheduleResource } from './schedule-resource.js';
import { createOptions, inTemporal, pauseNote } from './temporal-schedule.js';
import type { ScheduleInput, ScheduleResource } from './types.js';

/**
 * Each schedule is a Temporal Schedule firing runs on the shared workers: their number per
 * organization is capped (409 `quota_exceeded`: deleting one makes room, waiting does not).
 * Two creates at the same moment may both pass; a cap on floods, not an exact ledger.
 */
async function refuseOverScheduleQuota(ctx: ServiceContext, max: number): Promise<void> {
  const [row] = await ctx.db
    .select({ count: sql<number>`count(*)::int` })
    .from(schedules)
    .where(inOrg(schedules, ctx.orgId, isNull(schedules.deletedAt)));
  if ((row?.count ?? 0) >= max) {
    throw new ApiError(
      'quota_exceeded',
      `This organization has ${max} schedules, its limit; delete one first`,
      // 409, not the usual 429: waiting does not make room here, deleting a schedule does.
      { status: 409, details: { limit: max } },
    );
  }
}

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
  const limits = ctx.config.limits;
  await checkSchedule(ctx.db, ctx.orgId, draft, {
    target: true,
    minIntervalSeconds: limits.minScheduleIntervalSeconds,
  });
  await refuseOverScheduleQuota(ctx, limits.maxSchedules);
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
