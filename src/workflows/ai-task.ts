import { proxyActivities } from '@temporalio/workflow';
import type { AiActivities } from '../activities/ai.js';
import type { AiCall, AiConnectionStatus, AiOutcome, AiStatusInput } from './ai-messages.js';

/** What an /ai/* run is started with: the call, and the retry settings of the deployment that started it. */
export interface AiTaskInput {
  call: AiCall;
  /** Attempts at a retryable failure (AI_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** One attempt's bound: its calls (a structured task re-asks) plus the time to record them. */
  attemptTimeoutSeconds: number;
}

/**
 * One /ai/* request as a short run on the AI task queue, visible in the Temporal Web UI: the
 * activity does the call; Temporal retries it on 429, 529, 5xx and network failures, waiting as
 * long as the API's `retry-after` says (the activity's failure carries it as `nextRetryDelay`).
 */
export async function aiTaskWorkflow(input: AiTaskInput): Promise<AiOutcome> {
  const { performAiTask } = proxyActivities<AiActivities>({
    startToCloseTimeout: `${input.attemptTimeoutSeconds} seconds`,
    // The activity heartbeats every 2 s while a model writes; a silent one is a dead worker.
    heartbeatTimeout: '20 seconds',
    retry: {
      maximumAttempts: input.maxAttempts,
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
    },
  });
  return performAiTask(input.call);
}

const { checkAiConnection } = proxyActivities<AiActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumAttempts: 1 },
});

/** /ai/status's check, run by a worker (only workers hold a key). Its id makes it a short-lived cache. */
export async function aiStatusWorkflow(input: AiStatusInput): Promise<AiConnectionStatus> {
  return checkAiConnection(input);
}
