import { ApiError } from '../../lib/errors.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { cancelExecution } from './cancel-execution.js';
import { type RetryRequest, retryExecution } from './retry-execution.js';

export interface BulkItemResult {
  id: string;
  ok: boolean;
  status?: string;
  new_execution_id?: string;
  error?: { code: string; message: string };
}

/** Called with errors that are not ApiErrors, which the item reports only as `internal_error`. */
export type UnexpectedErrorSink = (error: unknown, id: string) => void;

/** Cancels each execution on its own: one that is missing or closed does not stop the others. */
export function bulkCancelExecutions(ctx: ServiceContext, ids: string[], onUnexpected?: UnexpectedErrorSink) {
  requirePermission(ctx, 'executions:cancel');
  return forEach(ids, onUnexpected, async (id) => {
    const row = await cancelExecution(ctx, id);
    return { status: row.status === 'running' ? 'cancelling' : row.status };
  });
}

/** Retries each execution on its own, each as a new execution linked to the one it retries. */
export function bulkRetryExecutions(
  ctx: ServiceContext,
  ids: string[],
  from: RetryRequest['from'],
  onUnexpected?: UnexpectedErrorSink,
) {
  requirePermission(ctx, 'executions:retry');
  return forEach(ids, onUnexpected, async (id) => {
    const execution = await retryExecution(ctx, id, { from });
    return { status: execution.status, new_execution_id: execution.id };
  });
}

/** One at a time: each item opens its own transaction, and the embedded database has one connection. */
async function forEach(
  ids: string[],
  onUnexpected: UnexpectedErrorSink | undefined,
  act: (id: string) => Promise<Omit<BulkItemResult, 'id' | 'ok'>>,
) {
  const results: BulkItemResult[] = [];
  for (const id of ids) {
    try {
      results.push({ id, ok: true, ...(await act(id)) });
    } catch (error) {
      if (error instanceof ApiError) {
        results.push({ id, ok: false, error: { code: error.code, message: error.message } });
      } else {
        onUnexpected?.(error, id);
        results.push({ id, ok: false, error: { code: 'internal_error', message: 'Unexpected error' } });
      }
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}
