import { AnthropicError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { OutboundError } from '../../lib/outbound/errors.js';

/**
 * Why an AI task failed, as the activity reports it to Temporal (the code is the failure's type):
 * retryable ones are tried again by the activity's retry policy, after `retryAfterMs` when the API
 * said how long to wait.
 */
export type AiFailureCode =
  | 'AI_NOT_CONFIGURED'
  | 'AI_KEY_REJECTED'
  | 'AI_REQUEST_REJECTED'
  | 'AI_REFUSED'
  | 'AI_INVALID_ANSWER'
  | 'AI_BUDGET_EXCEEDED'
  | 'AI_MODEL_NOT_ALLOWED'
  | 'AI_INPUT_INVALID'
  | 'AI_CONVERSATION_NOT_FOUND'
  | 'AI_RATE_LIMITED'
  | 'AI_OVERLOADED'
  | 'AI_UPSTREAM_ERROR'
  | 'AI_TIMEOUT'
  | 'AI_UNREACHABLE';

export class AiCallError extends Error {
  constructor(
    readonly code: AiFailureCode,
    message: string,
    readonly retryable: boolean,
    readonly details: Record<string, unknown> = {},
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AiCallError';
  }
}

/** The longest wait a `retry-after` may impose; beyond it the retry policy's own backoff rules. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** An SDK or transport error as an AiCallError: what it means for retrying, in words for users. */
export function aiCallErrorOf(error: unknown): AiCallError {
  if (error instanceof AiCallError) return error;
  const outbound = outboundCause(error);
  if (outbound && !outbound.retryable) {
    return new AiCallError(
      'AI_UNREACHABLE',
      `The Messages API address is refused by the outbound guard (${outbound.rule ?? outbound.code})`,
      false,
    );
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new AiCallError('AI_TIMEOUT', 'The Messages API did not answer in time', true);
  }
  if (error instanceof APIUserAbortError) {
    return new AiCallError('AI_TIMEOUT', 'The call was abandoned', true);
  }
  if (error instanceof APIError && error.status !== undefined) {
    const { status } = error;
    const retryAfterMs = retryAfterOf(error.headers);
    const said = upstreamMessage(error);
    if (status === 401 || status === 403 || status === 402) {
      return new AiCallError('AI_KEY_REJECTED', `Anthropic refused the API key (${status}): ${said}`, false, {
        status,
      });
    }
    if (status === 429)
      return new AiCallError('AI_RATE_LIMITED', `Rate limited: ${said}`, true, { status }, retryAfterMs);
    if (status === 529)
      return new AiCallError('AI_OVERLOADED', `Overloaded: ${said}`, true, { status }, retryAfterMs);
    if (status >= 500 || status === 408 || status === 409) {
      return new AiCallError(
        'AI_UPSTREAM_ERROR',
        `Anthropic answered ${status}: ${said}`,
        true,
        { status },
        retryAfterMs,
      );
    }
    return new AiCallError(
      'AI_REQUEST_REJECTED',
      `Anthropic refused the request (${status}): ${said}`,
      false,
      {
        status,
      },
    );
  }
  if (error instanceof APIError || outbound) {
    return new AiCallError('AI_UNREACHABLE', 'The Messages API could not be reached', true);
  }
  if (error instanceof AnthropicError) {
    // The SDK's own complaints (a stream that ended early, an answer it could not parse).
    return new AiCallError('AI_UPSTREAM_ERROR', `The answer could not be read: ${error.message}`, true);
  }
  throw error;
}

function outboundCause(error: unknown): OutboundError | undefined {
  for (let cause: unknown = error, hops = 0; cause && hops < 5; hops += 1) {
    if (cause instanceof OutboundError) return cause;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date; capped. */
export function retryAfterOf(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(date - now, 0), MAX_RETRY_AFTER_MS);
}

/** The API's own error message (its JSON `error.message`), short. */
function upstreamMessage(error: APIError): string {
  const body = error.error as { error?: { message?: unknown } } | undefined;
  const message = typeof body?.error?.message === 'string' ? body.error.message : error.message;
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}
