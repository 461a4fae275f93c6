import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { ConnectedAppActivities } from '../activities/connected-apps.js';
import {
  type ConnectedAppTokenInput,
  type RefreshOutcome,
  type RefreshReason,
  refreshTokenUpdate,
} from './connected-app-messages.js';

const { planTokenRefresh, refreshAppToken } = proxyActivities<ConnectedAppActivities>({
  startToCloseTimeout: '1 minute',
  // Network trouble and 5xx are retried; a refusal of the grant is an outcome, not an error.
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Refresh cycles per run before continuing as new: the history stays a few hundred events. */
const MAX_CYCLES = 50;

/**
 * Keeps one connected app's token fresh: sleeps until its expiry minus the margin, refreshes,
 * and plans again. A forced refresh arrives as an Update and runs through the same queue as the
 * timer's, so two refreshes of one app never race (a provider that rotates refresh tokens would
 * take the second as a replay of a used token and revoke the grant). Ends when the app is no
 * longer connected (revoked, deleted, needs re-authorization); revoke and delete also terminate it.
 */
export async function connectedAppTokenWorkflow(input: ConnectedAppTokenInput): Promise<{ ended: string }> {
  let queue: Promise<unknown> = Promise.resolve();
  let refreshedMeanwhile = false;
  const refresh = (reason: RefreshReason): Promise<RefreshOutcome> => {
    const run = queue.then(() =>
      refreshAppToken({ ...input, reason, workflowId: workflowInfo().workflowId }),
    );
    queue = run.catch(() => undefined);
    return run;
  };
  setHandler(refreshTokenUpdate, async ({ reason }) => {
    const outcome = await refresh(reason);
    refreshedMeanwhile = true;
    return outcome;
  });

  for (let cycle = 0; cycle < MAX_CYCLES && !workflowInfo().continueAsNewSuggested; cycle += 1) {
    const plan = await planTokenRefresh(input);
    if (plan.state === 'stopped') {
      await condition(allHandlersFinished);
      return { ended: 'not_connected' };
    }
    refreshedMeanwhile = false;
    if (plan.refreshInMs === null) {
      await condition(() => refreshedMeanwhile);
      continue;
    }
    const forced = await condition(() => refreshedMeanwhile, Math.max(plan.refreshInMs, 1));
    if (forced) continue;
    try {
      await refresh('timer');
    } catch (error) {
      // Still failing after the retries: try again later rather than give up on the app.
      if (!(error instanceof ActivityFailure)) throw error;
      await sleep('1 minute');
    }
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof connectedAppTokenWorkflow>(input);
}
