import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { schedules } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';
import type { ScheduleRow } from './types.js';

/**
 * The live (not deleted) schedule `id` of the organization, or 404: another organization's and a
 * missing one answer the same. `forUpdate` queues concurrent changes of one schedule.
 */
export async function findSchedule(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ScheduleRow> {
  const query = db
    .select()
    .from(schedules)
    .where(inOrg(schedules, orgId, eq(schedules.id, id), isNull(schedules.deletedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Schedule');
  return row;
}
