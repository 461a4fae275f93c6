import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import type { ExecutionRow } from '../services/executions/record-execution.js';
import {
  findVersionDefinition,
  loadRunnableTarget,
  type RunnableTarget,
  type RunRefusal,
} from '../services/executions/runnable-target.js';
import type { WorkflowDefinition } from '../workflows/definition/types.js';

// What the activities that record a run Temporal starts (scheduled runs, sub-workflow children)
// share: the checks a manual start makes in the API (loadRunnableTarget), as non-retryable
// failures that end the run with a code users can read.

/**
 * The workflow's published version (`version`, or the newest) with `input` checked against it.
 * Throws WORKFLOW_NOT_FOUND, WORKFLOW_ARCHIVED, WORKFLOW_NOT_PUBLISHED or INPUT_INVALID.
 */
export async function runnableWorkflow(
  db: Db,
  request: { orgId: string; workflowId: string; version?: number; input: Record<string, unknown> },
): Promise<RunnableTarget> {
  const checked = await loadRunnableTarget(db, request);
  if (!checked.ok) throw refusalFailure(request.workflowId, checked.refusal);
  return checked.target;
}

/** The definition snapshot a recorded run executes; WORKFLOW_NOT_PUBLISHED when that version does not exist. */
export async function publishedDefinition(
  db: Db,
  of: Pick<ExecutionRow, 'orgId' | 'workflowId' | 'workflowVersion'>,
): Promise<WorkflowDefinition> {
  const definition = await findVersionDefinition(db, of);
  if (!definition) {
    throw refusalFailure(of.workflowId, { reason: 'version_not_found', version: of.workflowVersion });
  }
  return definition;
}

function refusalFailure(workflowId: string, refusal: RunRefusal): ApplicationFailure {
  switch (refusal.reason) {
    case 'workflow_not_found':
      return ApplicationFailure.nonRetryable(`Workflow ${workflowId} not found`, 'WORKFLOW_NOT_FOUND');
    case 'workflow_archived':
      return ApplicationFailure.nonRetryable(`Workflow ${workflowId} is archived`, 'WORKFLOW_ARCHIVED');
    case 'workflow_not_published':
      return ApplicationFailure.nonRetryable(
        `Workflow ${workflowId} is not published`,
        'WORKFLOW_NOT_PUBLISHED',
      );
    case 'version_not_found':
      return ApplicationFailure.nonRetryable(
        `Version ${refusal.version} of workflow ${workflowId} is not published`,
        'WORKFLOW_NOT_PUBLISHED',
      );
    case 'input_invalid':
      return ApplicationFailure.nonRetryable(
        `Invalid input for ${workflowId}: ${refusal.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
        'INPUT_INVALID',
        { errors: refusal.errors },
      );
  }
}
