import { requirePermission, type ServiceContext } from '../context.js';
import { type ExportFormat, exportText } from '../lists/export-text.js';
import type { ExecutionFilters } from './execution-filters.js';
import type { ExecutionRow } from './launch-execution.js';
import { iterateExecutions } from './list-executions.js';
import { toExecutionResource } from './serialize.js';

export const CSV_COLUMNS = [
  'id',
  'workflow_id',
  'workflow_version',
  'status',
  'trigger',
  'started_at',
  'finished_at',
  'duration_ms',
  'error_code',
  'error_message',
  'input',
  'output',
] as const;

/** The matching executions as export text, newest first, one chunk per keyset batch. */
export function exportExecutions(
  ctx: ServiceContext,
  filters: ExecutionFilters,
  format: ExportFormat,
): AsyncGenerator<string> {
  // Checked now, not when the caller first pulls a chunk: by then the response status is sent.
  requirePermission(ctx, 'executions:read');
  return exportText(format, iterateExecutions(ctx, filters), {
    csvColumns: CSV_COLUMNS,
    csvRow: csvFields,
    json: (row) => toExecutionResource(row, ctx.temporal.namespace),
  });
}

function csvFields(row: ExecutionRow): (string | number | null)[] {
  return [
    row.id,
    row.workflowId,
    row.workflowVersion,
    row.status,
    row.trigger,
    row.startedAt.toISOString(),
    row.finishedAt?.toISOString() ?? null,
    row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    row.error?.code ?? null,
    row.error?.message ?? null,
    JSON.stringify(row.input),
    row.output === null || row.output === undefined ? null : JSON.stringify(row.output),
  ];
}
