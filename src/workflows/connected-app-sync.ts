import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ConnectedAppActivities } from '../activities/connected-apps.js';
import type { ConnectedAppTokenInput, SyncOutcome } from './connected-app-messages.js';

const { runAppSync } = proxyActivities<ConnectedAppActivities>({
  startToCloseTimeout: '2 minutes',
  // The configured request may not be idempotent (a POST): it is sent once, and its outcome kept.
  retry: { maximumAttempts: 1 },
});

/** One sync of a connected app: its configured request with its token; the result is an event row. */
export async function connectedAppSyncWorkflow(input: ConnectedAppTokenInput): Promise<SyncOutcome> {
  return runAppSync({ ...input, workflowId: workflowInfo().workflowId });
}
