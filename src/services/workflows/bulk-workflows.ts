import { ApiError } from '../../lib/errors.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { archiveWorkflow } from './archive-workflow.js';
import { deleteWorkflow } from './delete-workflow.js';
import { publishWorkflow } from './publish-workflow.js';

export type BulkWorkflowAction = 'publish' | 'archive' | 'delete';

export interface BulkItemResult {
  id: string;
  ok: boolean;
  status?: string;
  version?: number;
  error?: { code: string; message: string };
}

const PERMISSION = {
  publish: 'workflows:publish',
  archive: 'workflows:publish',
  delete: 'workflows:write',
} as const;

/**
 * Applies one action to many workflows, each on its own (own transaction, own audit row), through
 * the same services as the single routes. An item that fails (missing, another organization's,
 * invalid draft) is reported in its result and does not stop the others. Errors that are not
 * about one item (the database is gone) still fail the whole request.
 */
export async function bulkWorkflowAction(ctx: ServiceContext, action: BulkWorkflowAction, ids: string[]) {
  requirePermission(ctx, PERMISSION[action]);
  const results: BulkItemResult[] = [];
  for (const id of ids) {
    try {
      if (action === 'delete') {
        await deleteWorkflow(ctx, id);
        results.push({ id, ok: true });
      } else {
        const workflow = await (action === 'publish' ? publishWorkflow : archiveWorkflow)(ctx, id);
        results.push({
          id,
          ok: true,
          status: workflow.status,
          ...(action === 'publish' && workflow.published_version !== null
            ? { version: workflow.published_version }
            : {}),
        });
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      results.push({ id, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}
