import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { ApiError, validationFailed } from '../../lib/errors.js';
import type { AiFailureCode } from './ai-call-error.js';

/**
 * The answer for a failed AI run: the activity's failure type (an AiFailureCode) as a catalogued
 * problem. Retryable failures reach here only once Temporal's retries are spent.
 */
export function aiProblemOf(error: unknown, runId: string): ApiError {
  const failure = applicationFailureOf(error);
  if (!failure) return new ApiError('ai_unavailable', 'The AI run failed', { details: { run_id: runId } });
  const details = { run_id: runId, ...firstDetail(failure) };
  const code = failure.type as AiFailureCode | null;
  switch (code) {
    case 'AI_NOT_CONFIGURED':
      return new ApiError('ai_not_configured', failure.message, { details });
    case 'AI_KEY_REJECTED':
      return new ApiError('ai_key_rejected', failure.message, { details });
    case 'AI_REQUEST_REJECTED':
      return new ApiError('ai_request_rejected', failure.message, { details });
    case 'AI_REFUSED':
      return new ApiError('ai_refused', failure.message, { details });
    case 'AI_INVALID_ANSWER':
      return new ApiError('ai_invalid_answer', failure.message, { details });
    case 'AI_BUDGET_EXCEEDED':
      return new ApiError('ai_budget_exceeded', failure.message, { details });
    case 'AI_MODEL_NOT_ALLOWED':
      return new ApiError('model_not_allowed', failure.message, { details });
    case 'AI_CONVERSATION_NOT_FOUND':
      return new ApiError('not_found', failure.message, { details });
    case 'AI_INPUT_INVALID': {
      const errors = (details as { errors?: { path: string; message: string }[] }).errors ?? [];
      return validationFailed(
        'input',
        errors.map((e) => ({ path: `body.${e.path}`, code: 'invalid', message: e.message })),
      );
    }
    default:
      return new ApiError('ai_unavailable', failure.message, { details });
  }
}

function applicationFailureOf(error: unknown): ApplicationFailure | undefined {
  let cause: unknown = error instanceof WorkflowFailedError ? error.cause : error;
  if (cause instanceof ActivityFailure) cause = cause.cause;
  return cause instanceof ApplicationFailure ? cause : undefined;
}

function firstDetail(failure: ApplicationFailure): Record<string, unknown> {
  const [first] = failure.details ?? [];
  return typeof first === 'object' && first !== null && !Array.isArray(first)
    ? (first as Record<string, unknown>)
    : {};
}
