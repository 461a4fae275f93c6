// The hand-written baseline for the throughput benchmark: a Temporal workflow that makes one call
// as a regular activity with the SDK's defaults, what a team writing Temporal by hand starts from.
// Bundled on its own by bundleWorkflowCode; only the activity's type is imported.
import { proxyActivities } from '@temporalio/workflow';
import type { RawActivities } from './raw-activities.js';

const { callEndpoint } = proxyActivities<RawActivities>({ startToCloseTimeout: '1 minute' });

export async function rawOneActivity(url: string): Promise<unknown> {
  return callEndpoint(url);
}
