import { eq } from 'drizzle-orm';
import { triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError } from '../../lib/errors.js';
import type { ServiceContext } from '../context.js';
import { createSchedule } from '../schedules/create-schedule.js';
import { deleteSchedule } from '../schedules/delete-schedule.js';
import { setSchedulePaused } from '../schedules/toggle-schedule.js';
import type { ScheduleInput } from '../schedules/types.js';
import { updateSchedule } from '../schedules/update-schedule.js';
import type { ScheduleConfigValue } from './config.js';
import type { TriggerRow } from './trigger-resource.js';

/**
 * A schedule trigger is a trigger record plus a schedule (and its Temporal Schedule) that the
 * trigger owns: created, changed, paused and deleted with it, inside the trigger's transaction
 * (`ctx.db` is that transaction), so a refusal from Temporal undoes both.
 */

/** The trigger's own permission covers the schedule it owns; the caller's was checked already. */
function owning(ctx: ServiceContext): ServiceContext {
  return { ...ctx, permissions: new Set([...ctx.permissions, 'schedules:write']) };
}

function scheduleInput(row: TriggerRow): ScheduleInput {
  const config = row.config as unknown as ScheduleConfigValue;
  return {
    name: row.name,
    description: `Runs of trigger ${row.id}`,
    workflow_id: row.workflowId,
    input: config.input,
    cron: config.cron ?? null,
    interval: config.interval ?? null,
    timezone: config.timezone,
    overlap_policy: config.overlap_policy,
    catchup_window: config.catchup_window ?? null,
    pause_on_failure: config.pause_on_failure,
    jitter: config.jitter ?? null,
  };
}

/** The schedule's field errors, named as the trigger's config fields (`cron` → `config.cron`). */
async function asTriggerErrors<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400 || !Array.isArray(error.details?.errors))
      throw error;
    const errors = (error.details.errors as { path: string; message: string; code: string }[]).map((e) => ({
      ...e,
      path: e.path === 'workflow_id' ? e.path : `config.${e.path}`,
    }));
    throw error.withDetails({ ...error.details, errors });
  }
}

export async function createBackingSchedule(ctx: ServiceContext, row: TriggerRow): Promise<TriggerRow> {
  const schedule = await asTriggerErrors(() =>
    createSchedule(owning(ctx), { ...scheduleInput(row), paused: !row.enabled }, { triggerId: row.id }),
  );
  const [updated] = await ctx.db
    .update(triggers)
    .set({ scheduleId: schedule.id })
    .where(inOrg(triggers, ctx.orgId, eq(triggers.id, row.id)))
    .returning();
  return updated ?? row;
}

export async function updateBackingSchedule(ctx: ServiceContext, row: TriggerRow): Promise<void> {
  if (!row.scheduleId) return;
  await asTriggerErrors(() =>
    updateSchedule(owning(ctx), row.scheduleId as string, scheduleInput(row), { triggerId: row.id }),
  );
}

export async function pauseBackingSchedule(
  ctx: ServiceContext,
  row: TriggerRow,
  paused: boolean,
): Promise<void> {
  if (!row.scheduleId) return;
  await ignoreMissing(() =>
    setSchedulePaused(owning(ctx), row.scheduleId as string, paused, { triggerId: row.id }),
  );
}

export async function deleteBackingSchedule(ctx: ServiceContext, row: TriggerRow): Promise<void> {
  if (!row.scheduleId) return;
  await ignoreMissing(() => deleteSchedule(owning(ctx), row.scheduleId as string, { triggerId: row.id }));
}

/** A schedule deleted on its own (through /schedules) leaves nothing to pause or delete. */
async function ignoreMissing(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
}
