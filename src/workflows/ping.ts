import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { PingActivities } from '../activities/ping.js';

export interface PingInput {
  message: string;
}

export interface PingResult {
  message: string;
  answered_by: string;
  answered_at: string;
  workflow_id: string;
}

const { pong } = proxyActivities<PingActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/** Proves the whole path: API → Temporal → a worker's workflow task → an activity → back. */
export async function pingWorkflow(input: PingInput): Promise<PingResult> {
  const reply = await pong(input.message);
  return { ...reply, workflow_id: workflowInfo().workflowId };
}
