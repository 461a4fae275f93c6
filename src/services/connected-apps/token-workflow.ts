import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import { ApiError } from '../../lib/errors.js';
import {
  CONNECTED_APP_TOKEN_WORKFLOW_TYPE,
  type ConnectedAppTokenInput,
  connectedAppTokenWorkflowId,
  type RefreshOutcome,
  refreshTokenUpdate,
} from '../../workflows/connected-app-messages.js';
import type { Platform } from '../context.js';

const TEMPORAL_DEADLINE_MS = 10_000;
/** A forced refresh waits for the provider's answer, which the activity bounds at 15 s per try. */
const REFRESH_DEADLINE_MS = 60_000;

const startOperation = (platform: Platform, input: ConnectedAppTokenInput) =>
  new WithStartWorkflowOperation(CONNECTED_APP_TOKEN_WORKFLOW_TYPE, {
    workflowId: connectedAppTokenWorkflowId(input.appId),
    taskQueue: platform.temporal.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });

/** Starts the app's token workflow (the callback, after a connect); an already running one is kept. */
export async function startTokenWorkflow(platform: Platform, input: ConnectedAppTokenInput): Promise<void> {
  await platform.temporal.connection
    .withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      platform.temporal.client.workflow.start(CONNECTED_APP_TOKEN_WORKFLOW_TYPE, {
        workflowId: connectedAppTokenWorkflowId(input.appId),
        taskQueue: platform.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    )
    .catch(() => {
      throw new ApiError('temporal_unavailable', 'Temporal did not start the token workflow; try again');
    });
}

/**
 * Asks the app's token workflow for a refresh now (an Update, so it runs in turn with the
 * timer's refreshes), starting the workflow if it is not running.
 */
export async function forceRefresh(
  platform: Platform,
  input: ConnectedAppTokenInput,
): Promise<RefreshOutcome> {
  try {
    return await platform.temporal.client.withDeadline(Date.now() + REFRESH_DEADLINE_MS, () =>
      platform.temporal.client.workflow.executeUpdateWithStart(refreshTokenUpdate, {
        args: [{ reason: 'forced' }],
        startWorkflowOperation: startOperation(platform, input),
      }),
    );
  } catch (error) {
    platform.logger.warn({ err: error, app_id: input.appId }, 'forced refresh did not complete');
    throw new ApiError('temporal_unavailable', 'The token workflow did not answer in time; try again');
  }
}

/** Ends the app's token workflow (revoke, delete). One that has ended already is fine. */
export async function stopTokenWorkflow(platform: Platform, appId: string, reason: string): Promise<void> {
  try {
    await platform.temporal.connection.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      platform.temporal.client.workflow.getHandle(connectedAppTokenWorkflowId(appId)).terminate(reason),
    );
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return;
    // The workflow also ends by itself at its next wake-up, when it finds the app not connected.
    platform.logger.warn({ err: error, app_id: appId }, 'token workflow not terminated');
  }
}
