import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workflows } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { conflict, notFound } from '../../lib/errors.js';

export type WorkflowRow = typeof workflows.$inferSelect;

/**
 * The live (not deleted) workflow `id` of the organization, or 404: another organization's
 * workflow and a missing one answer the same. `forUpdate` locks the row for the caller's
 * transaction, so concurrent edits and publishes of one workflow queue up instead of racing.
 */
export async function findWorkflow(
  db: Db,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<WorkflowRow> {
  const query = db
    .select()
    .from(workflows)
    .where(inOrg(workflows, orgId, eq(workflows.id, id), isNull(workflows.deletedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound('Workflow');
  return row;
}

/** Archived workflows are frozen: publish it again to bring it back before editing. */
export function assertEditable(row: WorkflowRow): void {
  if (row.status === 'archived') {
    throw conflict(
      'workflow_archived',
      'Archived workflows cannot be edited; publish it to restore it first',
    );
  }
}
