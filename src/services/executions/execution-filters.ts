import { eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { type ExecutionStatus, type ExecutionTrigger, executions } from '../../db/schema/index.js';

/** The filters the execution list and the export share. */
export interface ExecutionFilters {
  status?: ExecutionStatus[];
  workflowId?: string;
  trigger?: ExecutionTrigger[];
  /** Inclusive lower bound on started_at. */
  startedAfter?: Date;
  /** Exclusive upper bound on started_at, so consecutive windows never overlap. */
  startedBefore?: Date;
}

export function executionConditions(filters: ExecutionFilters): (SQL | undefined)[] {
  return [
    filters.status?.length ? inArray(executions.status, filters.status) : undefined,
    filters.workflowId ? eq(executions.workflowId, filters.workflowId) : undefined,
    filters.trigger?.length ? inArray(executions.trigger, filters.trigger) : undefined,
    filters.startedAfter ? gte(executions.startedAt, filters.startedAfter) : undefined,
    filters.startedBefore ? lt(executions.startedAt, filters.startedBefore) : undefined,
  ];
}
