import { proxyActivities, sleep } from '@temporalio/workflow';
import type { CancelEscalationActivities } from '../activities/cancel-escalation.js';
import type { CancelEscalationInput } from './cancel-escalation-input.js';

const { terminateIfStillRunning } = proxyActivities<CancelEscalationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 20, maximumInterval: '30 seconds' },
});

/**
 * Started by a cancel through the API: waits out the grace period on a durable timer, then
 * terminates the run if it is still running. A run that cancelled itself in time is left alone.
 */
export async function cancelEscalationWorkflow(
  input: CancelEscalationInput,
): Promise<{ terminated: boolean }> {
  await sleep(input.graceMs);
  return {
    terminated: await terminateIfStillRunning({ executionId: input.executionId, orgId: input.orgId }),
  };
}
