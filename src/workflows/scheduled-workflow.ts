import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ScheduleActivities } from '../activities/schedules.js';
import { ConveyorExecutionId } from '../temporal/search-attributes.js';
import { conveyorWorkflow } from './conveyor-workflow.js';
import type { ExecutionInput } from './execution-input.js';

/** What a Temporal Schedule's action passes to every run it starts. */
export interface ScheduledRunRequest {
  scheduleId: string;
  orgId: string;
  /** Our workflow (definition) id; each run takes its newest published version. */
  workflowId: string;
  input: Record<string, unknown>;
}

// A short database write. Bounded retries: a run stuck retrying would block the schedule's next
// runs under the skip policy, while a failed run is visible and can pause the schedule.
const { prepareScheduledExecution } = proxyActivities<ScheduleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/**
 * A run started by a Temporal Schedule. Temporal names it `exe_<scheduleId>-<nominal time>`, which
 * becomes its execution id: the activity records the execution, then this same workflow runs the
 * interpreter, so the schedule's run and the execution are one Temporal workflow.
 */
export async function scheduledWorkflow(request: ScheduledRunRequest | ExecutionInput): Promise<unknown> {
  // The interpreter's continue-as-new keeps the current workflow type, so a long scheduled run
  // comes back here with the interpreter's own input.
  if ('definition' in request) return conveyorWorkflow(request);

  const executionId = workflowInfo().workflowId;
  const input = await prepareScheduledExecution({
    scheduleId: request.scheduleId,
    orgId: request.orgId,
    workflowId: request.workflowId,
    input: request.input,
    executionId,
    startedAt: new Date().toISOString(),
  });
  upsertSearchAttributes([{ key: ConveyorExecutionId, value: executionId }]);
  return conveyorWorkflow(input);
}
