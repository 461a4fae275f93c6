import type { ActivityOptions } from '@temporalio/workflow';
import type { StepDefinition } from '../definition/types.js';

/** Defaults for a step that says nothing: three attempts, 1 s doubling to at most 1 min, 5 min each. */
export const DEFAULT_STEP_RETRY = {
  max_attempts: 3,
  initial_interval: '1s',
  backoff_coefficient: 2,
  max_interval: '1m',
};
export const DEFAULT_STEP_TIMEOUT = '5m';

/** Per-step options for a Temporal activity: the retry policy and timeout are Temporal's own. */
export function activityOptionsFor(step: StepDefinition): ActivityOptions {
  const retry = { ...DEFAULT_STEP_RETRY, ...step.retry };
  return {
    startToCloseTimeout: step.timeout ?? DEFAULT_STEP_TIMEOUT,
    summary: step.name ?? step.id,
    retry: {
      maximumAttempts: retry.max_attempts,
      initialInterval: retry.initial_interval,
      backoffCoefficient: retry.backoff_coefficient,
      maximumInterval: retry.max_interval,
      nonRetryableErrorTypes: retry.non_retryable_error_codes,
    },
  };
}
