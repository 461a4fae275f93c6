import {
  isGrpcServiceError,
  type ScheduleDescription,
  ScheduleNotFoundError,
  type ScheduleOptions,
  type ScheduleOverlapPolicy,
  type ScheduleSpec,
  type ScheduleUpdateOptions,
} from '@temporalio/client';
import type { OverlapPolicy } from '../../db/schema/schedules.js';
import { ApiError } from '../../lib/errors.js';
import { ConveyorOrgId, ConveyorTrigger, ConveyorWorkflowId } from '../../temporal/search-attributes.js';
import { durationMs } from '../../workflows/definition/durations.js';
import type { ScheduledRunRequest } from '../../workflows/scheduled-workflow.js';
import type { ServiceContext } from '../context.js';
import type { ScheduleRow } from './types.js';

const GRPC_NOT_FOUND = 5;

/** As exported by src/workflows/scheduled-workflow.ts (a name here: the API never loads workflow code). */
export const SCHEDULED_WORKFLOW_TYPE = 'scheduledWorkflow';

export const TEMPORAL_OVERLAP: Record<OverlapPolicy, ScheduleOverlapPolicy> = {
  skip: 'SKIP',
  buffer_one: 'BUFFER_ONE',
  buffer_all: 'BUFFER_ALL',
  cancel_other: 'CANCEL_OTHER',
  terminate_other: 'TERMINATE_OTHER',
  allow_all: 'ALLOW_ALL',
};

/**
 * Our cron text in Temporal's dialect. Temporal reads 6 fields as minute…day-of-week plus year;
 * we take 6 fields as seconds first (the common convention), which is Temporal's 7-field form
 * with any year.
 */
export function temporalCron(text: string): string {
  const trimmed = text.trim();
  return trimmed.split(/\s+/).length === 6 ? `${trimmed} *` : trimmed;
}

export function scheduleSpec(row: ScheduleRow): ScheduleSpec {
  return {
    ...(row.cron ? { cronExpressions: [temporalCron(row.cron)] } : {}),
    ...(row.interval ? { intervals: [{ every: durationMs(row.interval) }] } : {}),
    timezone: row.timezone,
    ...(row.jitter ? { jitter: durationMs(row.jitter) } : {}),
  };
}

/**
 * Every run starts `scheduledWorkflow` with Temporal id `exe_<scheduleId>-<nominal time>` (Temporal
 * appends the time), so a run's Temporal id is its execution id.
 */
export function scheduleAction(row: ScheduleRow, taskQueue: string) {
  const args: [ScheduledRunRequest] = [
    { scheduleId: row.id, orgId: row.orgId, workflowId: row.workflowId, input: row.input },
  ];
  return {
    type: 'startWorkflow' as const,
    workflowType: SCHEDULED_WORKFLOW_TYPE,
    workflowId: `exe_${row.id}`,
    taskQueue,
    args,
    typedSearchAttributes: [
      { key: ConveyorOrgId, value: row.orgId },
      { key: ConveyorWorkflowId, value: row.workflowId },
      { key: ConveyorTrigger, value: 'schedule' },
    ],
    staticSummary: `Schedule ${row.name}`,
  };
}

export function schedulePolicies(row: ScheduleRow) {
  return {
    overlap: TEMPORAL_OVERLAP[row.overlapPolicy],
    pauseOnFailure: row.pauseOnFailure,
    ...(row.catchupWindow ? { catchupWindow: durationMs(row.catchupWindow) } : {}),
  };
}

export function createOptions(
  row: ScheduleRow,
  taskQueue: string,
  state: { paused: boolean; note?: string },
): ScheduleOptions {
  return {
    scheduleId: row.id,
    spec: scheduleSpec(row),
    action: scheduleAction(row, taskQueue),
    policies: schedulePolicies(row),
    state,
    // Lets operators find an organization's schedules in Temporal (`temporal schedule list --query`).
    typedSearchAttributes: [{ key: ConveyorOrgId, value: row.orgId }],
  };
}

export function updateOptions(
  row: ScheduleRow,
  taskQueue: string,
  previous: ScheduleDescription,
  paused: { paused: boolean; note: string } | undefined,
): ScheduleUpdateOptions {
  return {
    spec: scheduleSpec(row),
    action: scheduleAction(row, taskQueue),
    policies: schedulePolicies(row),
    state: {
      paused: paused?.paused ?? previous.state.paused,
      note: paused?.note ?? previous.state.note,
      remainingActions: previous.state.remainingActions,
    },
  };
}

export function pauseNote(ctx: ServiceContext, paused: boolean): string {
  return `${paused ? 'Paused' : 'Unpaused'} in Conveyor by ${ctx.actor.id ?? ctx.actor.type}`;
}

/** The live state in Temporal, or null when Temporal has no such schedule. */
export async function describeInTemporal(
  ctx: ServiceContext,
  id: string,
): Promise<ScheduleDescription | null> {
  try {
    return await ctx.temporal.client.schedule.getHandle(id).describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return null;
    throw error;
  }
}

/**
 * Runs a create or update in Temporal, turning its refusal of the spec (the SDK raises a TypeError
 * for INVALID_ARGUMENT "Invalid schedule spec") into a 400 that names the field.
 */
export async function inTemporal<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TypeError) {
      const path = /time ?zone/i.test(error.message)
        ? 'timezone'
        : /interval/i.test(error.message)
          ? 'interval'
          : 'cron';
      throw new ApiError('invalid_schedule', `Temporal refused the schedule: ${error.message}`, {
        details: { errors: [{ path, message: error.message, code: 'invalid_schedule' }] },
      });
    }
    if (
      error instanceof ScheduleNotFoundError ||
      (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND)
    ) {
      throw new ApiError(
        'schedule_missing_in_temporal',
        'Temporal has no schedule for this record; save it again (PUT) to recreate it',
      );
    }
    throw error;
  }
}
