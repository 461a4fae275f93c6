import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workflows, workflowVersions } from '../../db/schema/index.js';
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
}

/**
 * One query for the workflow row and the version a run would use (the published one unless a
 * version is named): starting a run sits on every trigger's hot path. Deleted workflows are
 * returned too (`workflow.deletedAt`); the caller decides what they mean.
 */
export async function loadLaunchTarget(
  db: Db,
  orgId: string,
  workflowId: string,
  version?: number,
): Promise<LaunchTarget | null> {
  const [row] = await db
    .select({ workflow: workflows, definition: workflowVersions.definition })
    .from(workflows)
    .leftJoin(
      workflowVersions,
      and(
        eq(workflowVersions.orgId, workflows.orgId),
        eq(workflowVersions.workflowId, workflows.id),
        version === undefined
          ? eq(workflowVersions.version, workflows.publishedVersion)
          : eq(workflowVersions.version, version),
      ),
    )
    .where(inOrg(workflows, orgId, eq(workflows.id, workflowId)));
  if (!row) return null;
  return {
    workflow: row.workflow,
    version: version ?? row.workflow.publishedVersion,
    definition: (row.definition as unknown as WorkflowDefinition | null) ?? null,
  };
}
