import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { executions, workflows, workflowVersions } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import type { WorkflowDefinition } from '../../workflows/definition/types.js';

export type WorkflowRow = typeof workflows.$inferSelect;

/** A workflow and the snapshot a run of it would execute, read together. */
export interface LaunchTarget {
  workflow: WorkflowRow;
  /** The version asked for, else the published one; null when the workflow was never published. */
  version: number | null;
  /** That version's snapshot; null when there is no such version. */
  definition: WorkflowDefinition | null;
  /** The execution the idempotency key asked about recorded already, if any (in any workflow). */
  keyed: typeof executions.$inferSelect | null;
}

export interface LaunchTargetQuery {
  /** This version instead of the published one. */
  version?: number;
  /** Also read the execution this key recorded, if any: a repeated delivery answers with it. */
  idempotencyKey?: string;
}

/**
 * One query for the workflow row, the version a run would use (the published one unless a version
 * is named) and, given an idempotency key, the execution that key already recorded: starting a run
 * sits on every trigger's hot path. Deleted workflows are returned too (`workflow.deletedAt`); the
 * caller decides what they mean.
 */
export async function loadLaunchTarget(
  db: Db,
  orgId: string,
  workflowId: string,
  { version, idempotencyKey }: LaunchTargetQuery = {},
): Promise<LaunchTarget | null> {
  const onVersion = and(
    eq(workflowVersions.orgId, workflows.orgId),
    eq(workflowVersions.workflowId, workflows.id),
    version === undefined
      ? eq(workflowVersions.version, workflows.publishedVersion)
      : eq(workflowVersions.version, version),
  );
  const columns = { workflow: workflows, definition: workflowVersions.definition };
  const where = inOrg(workflows, orgId, eq(workflows.id, workflowId));
  const [row] =
    idempotencyKey === undefined
      ? await db.select(columns).from(workflows).leftJoin(workflowVersions, onVersion).where(where)
      : await db
          .select({ ...columns, keyed: executions })
          .from(workflows)
          .leftJoin(workflowVersions, onVersion)
          // At most one row: the key is unique in the organization (executions_org_idempotency_key).
          .leftJoin(
            executions,
            and(eq(executions.orgId, workflows.orgId), eq(executions.idempotencyKey, idempotencyKey)),
          )
          .where(where);
  if (!row) return null;
  return {
    workflow: row.workflow,
    version: version ?? row.workflow.publishedVersion,
    definition: (row.definition as unknown as WorkflowDefinition | null) ?? null,
    // Narrowing the union with `in` loses the joined row's column types; the cast restores them.
    keyed: 'keyed' in row ? (row.keyed as LaunchTarget['keyed']) : null,
  };
}
