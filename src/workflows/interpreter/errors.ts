import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  isCancellation,
  TimeoutFailure,
} from '@temporalio/workflow';
import { ExpressionError, ExpressionLimitError } from '../expressions/evaluate.js';

export interface StepError {
  code: string;
  message: string;
}

/** Thrown by the `succeed` step: ends the whole run successfully with an output. */
export class SucceedSignal extends Error {
  constructor(readonly output: unknown) {
    super('succeed');
    this.name = 'SucceedSignal';
  }
}

/**
 * A stable code and message for anything a step can throw: activity failures carry the code the
 * activity chose as their type (`HTTP_503`), expressions fail with EXPRESSION_ERROR, timeouts with
 * TIMEOUT. Cancellation is not a step error and is never passed here.
 */
export function toStepError(error: unknown): StepError {
  let cause: unknown = error;
  if (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause ?? cause;
  if (cause instanceof ApplicationFailure) {
    return { code: cause.type ?? 'STEP_FAILED', message: cause.message };
  }
  if (cause instanceof TimeoutFailure)
    return { code: 'TIMEOUT', message: `Step timed out (${cause.timeoutType})` };
  // Before ExpressionError, its parent: a bounded expression names the limit it hit.
  if (error instanceof ExpressionLimitError) return { code: 'EXPRESSION_LIMIT', message: error.message };
  if (error instanceof ExpressionError) return { code: 'EXPRESSION_ERROR', message: error.message };
  const message = cause instanceof Error ? cause.message : String(cause);
  return { code: 'STEP_FAILED', message };
}

/**
 * Attempts an activity reported in its failure details (our activities add `{ attempt }`). A
 * regular activity's failure arrives wrapped in an ActivityFailure; a local activity's arrives as
 * the activity's own failure.
 */
export function attemptsOf(error: unknown): number | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) {
    const detail = cause.details?.[0] as { attempt?: unknown } | undefined;
    if (typeof detail?.attempt === 'number') return detail.attempt;
  }
  return undefined;
}

export { isCancellation };
