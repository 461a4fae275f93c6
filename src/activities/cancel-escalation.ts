import { WorkflowNotFoundError } from '@temporalio/client';
import { type Platform, systemContext } from '../services/context.js';
import { findExecution } from '../services/executions/find-execution.js';
import { reconcileExecution } from '../services/executions/reconcile-execution.js';

export interface CancelEscalationActivities {
  /** Terminates the run if Temporal still has it running; then the read model says so. */
  terminateIfStillRunning(target: { executionId: string; orgId: string }): Promise<boolean>;
}

export function createCancelEscalationActivities({
  platform,
}: {
  platform: Platform;
}): CancelEscalationActivities {
  return {
    async terminateIfStillRunning({ executionId, orgId }) {
      const handle = platform.temporal.client.workflow.getHandle(executionId);
      let terminated = false;
      try {
        const { status } = await handle.describe();
        if (status.name === 'RUNNING') {
          await handle.terminate('cancel requested through the API did not finish within the grace period');
          terminated = true;
        }
      } catch (error) {
        // Closed and gone past retention, or closed between the two calls: nothing to end.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      const ctx = systemContext(platform, orgId);
      await reconcileExecution(ctx, await findExecution(ctx, executionId));
      return terminated;
    },
  };
}
