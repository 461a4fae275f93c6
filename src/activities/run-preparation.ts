import { ApplicationFailure } from '@temporalio/activity';
import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type executions, workflows, workflowVersions } from '../db/schema/index.js';
import { inOrg } from '../db/tenant.js';
import { publishEvents } from '../services/events/publish.js';
import { runningEvent } from '../services/executions/launch-execution.js';
import { validateInput } from '../services/workflows/validate-input.js';
import type { WorkflowDefinition } from '../workflows/definition/types.js';
import type { ExecutionInput } from '../workflows/execution-input.js';

// What the activities that record a run Temporal starts (scheduled runs, sub-workflow children)
// share: the checks a manual start makes in the API, as non-retryable failures that end the run
// with a code users can read, and the interpreter input built from the recorded row.

export type ExecutionRow = typeof executions.$inferSelect;

export interface RunnableWorkflow {
  workflowId: string;
  version: number;
  definition: WorkflowDefinition;
  /** The input after validation and defaults. */
  input: Record<string, unknown>;
}

/**
 * The workflow's published version (`version`, or the newest) with `input` checked against it.
 * Throws WORKFLOW_NOT_FOUND, WORKFLOW_ARCHIVED, WORKFLOW_NOT_PUBLISHED or INPUT_INVALID.
 */
export async function runnableWorkflow(
  db: Db,
  request: { orgId: string; workflowId: string; version?: number; input: Record<string, unknown> },
): Promise<RunnableWorkflow> {
  const [workflow] = await db
    .select()
    .from(workflows)
    .where(
      inOrg(workflows, request.orgId, eq(workflows.id, request.workflowId), isNull(workflows.deletedAt)),
    );
  if (!workflow) {
    throw ApplicationFailure.nonRetryable(`Workflow ${request.workflowId} not found`, 'WORKFLOW_NOT_FOUND');
  }
  if (workflow.status === 'archived') {
    throw ApplicationFailure.nonRetryable(`Workflow ${request.workflowId} is archived`, 'WORKFLOW_ARCHIVED');
  }
  const version = request.version ?? workflow.publishedVersion;
  if (version === null || version === undefined) {
    throw ApplicationFailure.nonRetryable(
      `Workflow ${request.workflowId} is not published`,
      'WORKFLOW_NOT_PUBLISHED',
    );
  }
  const definition = await publishedDefinition(db, {
    orgId: request.orgId,
    workflowId: workflow.id,
    workflowVersion: version,
  });
  const checked = validateInput(definition, request.input);
  if (!checked.ok) {
    throw ApplicationFailure.nonRetryable(
      `Invalid input for ${request.workflowId}: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      'INPUT_INVALID',
      { errors: checked.errors },
    );
  }
  return { workflowId: workflow.id, version, definition, input: checked.value };
}

/** The definition snapshot a run executes; WORKFLOW_NOT_PUBLISHED when that version does not exist. */
export async function publishedDefinition(
  db: Db,
  of: Pick<ExecutionRow, 'orgId' | 'workflowId' | 'workflowVersion'>,
): Promise<WorkflowDefinition> {
  const [snapshot] = await db
    .select({ definition: workflowVersions.definition })
    .from(workflowVersions)
    .where(
      inOrg(
        workflowVersions,
        of.orgId,
        eq(workflowVersions.workflowId, of.workflowId),
        eq(workflowVersions.version, of.workflowVersion),
      ),
    );
  if (!snapshot) {
    throw ApplicationFailure.nonRetryable(
      `Version ${of.workflowVersion} of workflow ${of.workflowId} is not published`,
      'WORKFLOW_NOT_PUBLISHED',
    );
  }
  return snapshot.definition as unknown as WorkflowDefinition;
}

/** The interpreter's input for a recorded run. */
export function executionInputFor(row: ExecutionRow, definition: WorkflowDefinition): ExecutionInput {
  return {
    executionId: row.id,
    orgId: row.orgId,
    workflowId: row.workflowId,
    version: row.workflowVersion,
    definition,
    input: row.input,
    trigger: row.trigger,
    startedAt: row.startedAt.toISOString(),
  };
}

/** Tells the organization's sockets that a newly recorded run is running. */
export function announceRunning(db: Db, row: ExecutionRow): Promise<void> {
  return publishEvents(db, [runningEvent(row)]);
}
