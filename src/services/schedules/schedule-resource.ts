import type { ScheduleDescription } from '@temporalio/client';
import type { ServiceContext } from '../context.js';
import { describeInTemporal } from './temporal-schedule.js';
import type { ScheduleResource, ScheduleRow } from './types.js';

const NEXT_RUNS_SHOWN = 5;

/** The record as asked for (the cron text as entered) plus what Temporal says about it now. */
export function toScheduleResource(
  row: ScheduleRow,
  live: ScheduleDescription | null,
  namespace: string,
): ScheduleResource {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    workflow_id: row.workflowId,
    input: row.input,
    cron: row.cron ?? null,
    interval: row.interval ?? null,
    timezone: row.timezone,
    overlap_policy: row.overlapPolicy,
    catchup_window: row.catchupWindow ?? null,
    pause_on_failure: row.pauseOnFailure,
    jitter: row.jitter ?? null,
    trigger_id: row.triggerId ?? null,
    created_by: row.createdBy ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    paused: live ? live.state.paused : null,
    note: live?.state.note || null,
    next_run_times: (live?.info.nextActionTimes ?? []).slice(0, NEXT_RUNS_SHOWN).map((t) => t.toISOString()),
    recent_runs: (live?.info.recentActions ?? []).map((action) => ({
      execution_id: action.action.workflow.workflowId,
      scheduled_at: action.scheduledAt.toISOString(),
      started_at: action.takenAt.toISOString(),
    })),
    running: (live?.info.runningActions ?? []).map((action) => ({
      execution_id: action.workflow.workflowId,
    })),
    actions_taken: live?.info.numActionsTaken ?? 0,
    actions_skipped_overlap: live?.info.numActionsSkippedOverlap ?? 0,
    actions_missed_catchup_window: live?.info.numActionsMissedCatchupWindow ?? 0,
    temporal: { namespace, schedule_id: row.id },
  };
}

export async function scheduleResource(ctx: ServiceContext, row: ScheduleRow): Promise<ScheduleResource> {
  return toScheduleResource(row, await describeInTemporal(ctx, row.id), ctx.temporal.namespace);
}
