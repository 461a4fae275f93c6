import { requirePermission, type ServiceContext } from '../context.js';
import { findSchedule } from './find-schedule.js';
import { scheduleResource } from './schedule-resource.js';
import type { ScheduleResource } from './types.js';

export async function getSchedule(ctx: ServiceContext, id: string): Promise<ScheduleResource> {
  requirePermission(ctx, 'schedules:read');
  return scheduleResource(ctx, await findSchedule(ctx.db, ctx.orgId, id));
}
