import { desc, isNull } from 'drizzle-orm';
import { schedules } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { countRows } from '../lists/count-rows.js';
import { offsetPage } from '../lists/offset-page.js';
import type { PageQuery } from '../lists/page-query.js';
import { scheduleResource } from './schedule-resource.js';
import type { ScheduleResource, ScheduleRow } from './types.js';

/** Describes in flight at once: a page of 200 takes a few round trips, not 200 in a row. */
const DESCRIBE_CONCURRENCY = 16;

export async function listSchedules(ctx: ServiceContext, query: PageQuery) {
  requirePermission(ctx, 'schedules:read');
  const where = inOrg(schedules, ctx.orgId, isNull(schedules.deletedAt));
  const page = await offsetPage(query, {
    rows: ({ limit, offset }) =>
      ctx.db
        .select()
        .from(schedules)
        .where(where)
        .orderBy(desc(schedules.createdAt), desc(schedules.id))
        .limit(limit)
        .offset(offset),
    total: () => countRows(ctx.db, schedules, where),
  });
  // Describe, not list: Temporal's schedule list is eventually consistent and would show a
  // schedule paused a moment ago as running.
  const items = await mapLimited(page.items, DESCRIBE_CONCURRENCY, (row) => scheduleResource(ctx, row));
  return { ...page, items };
}

async function mapLimited(
  rows: ScheduleRow[],
  limit: number,
  fn: (row: ScheduleRow) => Promise<ScheduleResource>,
): Promise<ScheduleResource[]> {
  const out: ScheduleResource[] = new Array(rows.length);
  let next = 0;
  const lane = async () => {
    while (next < rows.length) {
      const index = next++;
      out[index] = await fn(rows[index] as ScheduleRow);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, rows.length) }, lane));
  return out;
}
