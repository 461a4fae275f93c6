import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { durationMs } from '../definition/durations.js';
import type { StepDefinition } from '../definition/types.js';

/** Defaults for a step that says nothing: three attempts, 1 s doubling to at most 1 min, 5 min each. */
export const DEFAULT_STEP_RETRY = {
  max_attempts: 3,
  initial_interval: '1s',
  backoff_coefficient: 2,
  max_interval: '1m',
};
export const DEFAULT_STEP_TIMEOUT = '5m';

/**
 * A step whose declared `timeout` is at most this runs as a Temporal local activity: the worker
 * runs it inside the workflow task, so consecutive short steps cost no server round trip at all.
 * 10 s is the workflow task timeout, so one attempt never outlives the task that runs it. While a
 * chain of such steps runs, the server holds cancellations, signals and Updates until the worker
 * ends the task: when a step waits on something else, when the run closes (see local-steps.ts),
 * or at the latest when the SDK heartbeats the task (every ~8 s, 80% of its timeout). The same
 * bound applies to a crash: a new worker re-runs the chain from the last completed task, each
 * step with its idempotency key. A step without a timeout (5 min by default) or a longer one stays
 * a regular activity: it may run for minutes, and is worth the server recording each attempt.
 */
export const LOCAL_STEP_MAX_TIMEOUT_MS = 10_000;

function retryPolicyFor(step: StepDefinition): NonNullable<ActivityOptions['retry']> {
  const retry = { ...DEFAULT_STEP_RETRY, ...step.retry };
  return {
    maximumAttempts: retry.max_attempts,
    initialInterval: retry.initial_interval,
    backoffCoefficient: retry.backoff_coefficient,
    maximumInterval: retry.max_interval,
    nonRetryableErrorTypes: retry.non_retryable_error_codes,
  };
}

/** Per-step options for a Temporal activity: the retry policy and timeout are Temporal's own. */
export function activityOptionsFor(step: StepDefinition): ActivityOptions {
  return {
    startToCloseTimeout: step.timeout ?? DEFAULT_STEP_TIMEOUT,
    summary: step.name ?? step.id,
    retry: retryPolicyFor(step),
  };
}

/** Whether the step is short enough to run as a local activity (see LOCAL_STEP_MAX_TIMEOUT_MS). */
export function isShortStep(step: StepDefinition): boolean {
  return step.timeout !== undefined && durationMs(step.timeout) <= LOCAL_STEP_MAX_TIMEOUT_MS;
}

/**
 * Local-activity options for a short step, or undefined when it must be a regular activity (the
 * caller also checks the run's interpreter revision: older runs replay with regular activities).
 * The retry policy is the same: the SDK retries a local activity in the worker while the backoff is
 * under `localRetryThreshold` (1 min) and with a durable timer beyond it. Its result is recorded in
 * history as a marker when the workflow task completes; a worker that dies mid-attempt loses the
 * task, which times out and is replayed elsewhere, running the attempt again with the same
 * idempotency key.
 */
export function localActivityOptionsFor(step: StepDefinition): LocalActivityOptions | undefined {
  if (!isShortStep(step)) return undefined;
  return {
    startToCloseTimeout: step.timeout,
    summary: step.name ?? step.id,
    retry: retryPolicyFor(step),
  };
}
