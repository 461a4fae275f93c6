import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { schedules, triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { publishEvents } from '../events/publish.js';

/**
 * Temporal starts a schedule trigger's runs without passing through fireTrigger; the scheduled
 * run's activity reports each one here so the trigger counts it (or records why it could not
 * start) and a `trigger.fired` event goes out, as for every other firing. Schedules that no
 * trigger owns are left alone. Call it once per run: after recording a new execution, or with
 * `error` when the run was refused.
 */
export async function recordScheduledFiring(
  db: Db,
  firing: {
    orgId: string;
    scheduleId: string;
    executionId: string | null;
    error?: { code: string; message: string };
    at?: Date;
  },
): Promise<void> {
  const [owner] = await db
    .select({ triggerId: schedules.triggerId })
    .from(schedules)
    .where(inOrg(schedules, firing.orgId, eq(schedules.id, firing.scheduleId)));
  if (!owner?.triggerId) return;
  const at = firing.at ?? new Date();
  const set = firing.error
    ? { lastError: { ...firing.error, message: firing.error.message.slice(0, 1000), at: at.toISOString() } }
    : { fireCount: sql`${triggers.fireCount} + 1`, lastFiredAt: at };
  const [trigger] = await db
    .update(triggers)
    .set(set)
    .where(inOrg(triggers, firing.orgId, and(eq(triggers.id, owner.triggerId), isNull(triggers.deletedAt))))
    .returning({ id: triggers.id, workflowId: triggers.workflowId });
  if (!trigger) return;
  await publishEvents(db, [
    {
      type: 'trigger.fired',
      orgId: firing.orgId,
      data: {
        trigger_id: trigger.id,
        type: 'schedule',
        workflow_id: trigger.workflowId,
        execution_id: firing.executionId,
        ...(firing.error ? { error: firing.error } : {}),
        at: at.toISOString(),
      },
    },
  ]);
}
