import { optionalDateToTs, tsToDate } from '@temporalio/common/lib/time.js';
import type { OverlapPolicy } from '../../db/schema/schedules.js';
import { ApiError, validationFailed } from '../../lib/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findSchedule } from './find-schedule.js';
import { inTemporal, TEMPORAL_OVERLAP } from './temporal-schedule.js';

/** One request may not start more runs than this. */
export const MAX_BACKFILL_RUNS = 1000;

export interface BackfillRequest {
  start: Date;
  end: Date;
  /** Default buffer_all: every missed run happens, one after another (skip would keep only one). */
  overlap_policy?: OverlapPolicy;
}

/**
 * Takes, now, the runs the timetable had between `start` and `end` (both in the past). The runs
 * are counted first with Temporal's own matching, so the answer says how many will start.
 */
export async function backfillSchedule(ctx: ServiceContext, id: string, request: BackfillRequest) {
  requirePermission(ctx, 'schedules:write');
  await findSchedule(ctx.db, ctx.orgId, id);
  const problems: { path: string; code: string; message: string }[] = [];
  if (request.start >= request.end)
    problems.push({ path: 'start', code: 'invalid_range', message: 'must be before end' });
  if (request.end.getTime() > Date.now())
    problems.push({ path: 'end', code: 'in_future', message: 'must be in the past' });
  if (problems.length > 0) {
    throw validationFailed('backfill', problems);
  }
  const overlap = request.overlap_policy ?? 'buffer_all';
  const runs = await countRuns(ctx, id, request.start, request.end);
  if (runs > MAX_BACKFILL_RUNS) {
    throw new ApiError(
      'backfill_too_large',
      `The range holds more than ${MAX_BACKFILL_RUNS} runs; split it into smaller ranges`,
    );
  }
  await ctx.db.transaction(async (tx) => {
    await findSchedule(tx, ctx.orgId, id);
    await recordAudit(tx, ctx, {
      action: 'schedule.backfill',
      resourceType: 'schedule',
      resourceId: id,
      details: {
        start: request.start.toISOString(),
        end: request.end.toISOString(),
        runs,
        overlap_policy: overlap,
      },
    });
    await inTemporal(() =>
      ctx.temporal.client.schedule
        .getHandle(id)
        .backfill([{ start: request.start, end: request.end, overlap: TEMPORAL_OVERLAP[overlap] }]),
    );
  });
  return {
    schedule_id: id,
    start: request.start.toISOString(),
    end: request.end.toISOString(),
    overlap_policy: overlap,
    runs,
  };
}

/**
 * How many runs the schedule has in [start, end]. Temporal answers at most 1,000 times per call,
 * so a full answer is followed by one more call from the last time to tell "exactly" from "more".
 */
async function countRuns(ctx: ServiceContext, id: string, start: Date, end: Date): Promise<number> {
  const matching = async (from: Date) => {
    const response = await inTemporal(() =>
      ctx.temporal.client.workflowService.listScheduleMatchingTimes({
        namespace: ctx.temporal.namespace,
        scheduleId: id,
        startTime: optionalDateToTs(from),
        endTime: optionalDateToTs(end),
      }),
    );
    return (response.startTime ?? []).map(tsToDate);
  };
  const first = await matching(start);
  const last = first.at(-1);
  if (first.length < MAX_BACKFILL_RUNS || !last) return first.length;
  const rest = await matching(new Date(last.getTime() + 1));
  return first.length + rest.filter((t) => t > last).length;
}
