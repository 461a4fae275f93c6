import { requirePermission, type ServiceContext } from '../context.js';
import type { ExecutionFilters } from './execution-filters.js';
import type { ExecutionRow } from './launch-execution.js';
import { iterateExecutions } from './list-executions.js';
import { toExecutionResource } from './serialize.js';

export type ExportFormat = 'csv' | 'json';

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

/**
 * The matching executions as export text, one chunk per keyset batch, so any number of rows
 * streams in bounded memory. JSON is one array written element by element.
 */
export function exportExecutions(
  ctx: ServiceContext,
  filters: ExecutionFilters,
  format: ExportFormat,
): AsyncGenerator<string> {
  // Checked now, not when the caller first pulls a chunk: by then the response status is sent.
  requirePermission(ctx, 'executions:read');
  return exportChunks(ctx, filters, format);
}

async function* exportChunks(
  ctx: ServiceContext,
  filters: ExecutionFilters,
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    for await (const batch of iterateExecutions(ctx, filters)) {
      yield batch.map((row) => `${csvFields(row).map(csvCell).join(',')}\r\n`).join('');
    }
    return;
  }
  let first = true;
  yield '[';
  for await (const batch of iterateExecutions(ctx, filters)) {
    const parts = batch.map((row) => JSON.stringify(toExecutionResource(row, ctx.temporal.namespace)));
    yield `${first ? '\n' : ',\n'}${parts.join(',\n')}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
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

/** Cells a spreadsheet would evaluate as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
