import type { WorkflowDefinition } from '../../workflows/definition/types.js';
import type { ExecutionInput, ResumeState } from '../../workflows/execution-input.js';
import type { ExecutionRow } from './record-execution.js';

/** The interpreter's input for a recorded run: what the API starts and what activities hand back. */
export function executionInputFor(
  row: ExecutionRow,
  definition: WorkflowDefinition,
  resume?: ResumeState,
): ExecutionInput {
  return {
    executionId: row.id,
    orgId: row.orgId,
    workflowId: row.workflowId,
    version: row.workflowVersion,
    definition,
    input: row.input,
    trigger: row.trigger,
    startedAt: row.startedAt.toISOString(),
    ...(resume ? { resume } : {}),
  };
}
