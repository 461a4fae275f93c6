import type { executions } from '../../db/schema/index.js';

type ExecutionRow = typeof executions.$inferSelect;

/** The API shape of an execution, shared by every route that returns one. */
export function toExecutionResource(row: ExecutionRow, namespace: string) {
  return {
    id: row.id,
    workflow_id: row.workflowId,
    workflow_version: row.workflowVersion,
    status: row.status,
    trigger: row.trigger,
    input: row.input,
    output: row.output ?? null,
    error: row.error ?? null,
    retry_of: row.retryOf ?? null,
    started_by: row.startedBy ?? null,
    started_at: row.startedAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
    duration_ms: row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    temporal: { namespace, workflow_id: row.id, run_id: row.temporalRunId ?? null },
  };
}

export type ExecutionResource = ReturnType<typeof toExecutionResource>;
