import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { schedules } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError, notFound } from '../../lib/errors.js';
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

/** Who changes a schedule: a user through `/schedules`, or the trigger that owns it. */
export interface ScheduleEditor {
  triggerId?: string;
}

/**
 * A schedule made by a schedule trigger is changed through that trigger only, so the trigger's
 * configuration and its schedule never disagree.
 */
export function assertEditable(row: ScheduleRow, editor: ScheduleEditor): void {
  if (row.triggerId && row.triggerId !== editor.triggerId) {
    throw new ApiError(
      'schedule_owned_by_trigger',
      `Schedule ${row.id} belongs to trigger ${row.triggerId}; change it through /triggers/${row.triggerId}`,
      { details: { trigger_id: row.triggerId } },
    );
  }
}
