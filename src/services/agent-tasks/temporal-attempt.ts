import {
  ActivityCancelledError,
  ActivityNotFoundError,
  ActivityPausedError,
  ApplicationFailure,
} from '@temporalio/client';
import { ApiError } from '../../lib/errors.js';
import type { TemporalHandle } from '../../temporal/client.js';

/** Bounded, like every call the API makes to Temporal: a request should not hang on it. */
const TEMPORAL_DEADLINE_MS = 10_000;

/**
 * What Temporal says about an attempt: still running, asked to cancel (the workflow was cancelled),
 * or gone (timed out, retried, completed, or its run closed; the token is dead either way).
 */
export type AttemptState = 'alive' | 'cancel_requested' | 'gone';

export async function heartbeatAttempt(temporal: TemporalHandle, token: Uint8Array): Promise<AttemptState> {
  try {
    await bounded(temporal, () => temporal.client.activity.heartbeat(token));
    return 'alive';
  } catch (error) {
    if (error instanceof ActivityCancelledError) return 'cancel_requested';
    if (error instanceof ActivityNotFoundError) return 'gone';
    // Paused by an operator: the attempt lives on, and so does the robot's work.
    if (error instanceof ActivityPausedError) return 'alive';
    throw unavailable(error);
  }
}

/** Acknowledges a cancellation; an attempt already gone needs none. */
export async function reportCancelled(temporal: TemporalHandle, token: Uint8Array): Promise<void> {
  try {
    await bounded(temporal, () => temporal.client.activity.reportCancellation(token));
  } catch (error) {
    if (!(error instanceof ActivityNotFoundError)) throw unavailable(error);
  }
}

export type AttemptOutcome =
  | { status: 'success'; value: unknown }
  | { status: 'failure'; code: string; message: string; retryable: boolean; attempt: number };

/** Completes or fails the attempt; false when Temporal no longer knows it. */
export async function finishAttempt(
  temporal: TemporalHandle,
  token: Uint8Array,
  outcome: AttemptOutcome,
): Promise<boolean> {
  try {
    await bounded(temporal, () =>
      outcome.status === 'success'
        ? temporal.client.activity.complete(token, outcome.value)
        : temporal.client.activity.fail(
            token,
            ApplicationFailure.create({
              type: outcome.code,
              message: outcome.message,
              nonRetryable: !outcome.retryable,
              details: [{ attempt: outcome.attempt }],
            }),
          ),
    );
    return true;
  } catch (error) {
    if (error instanceof ActivityNotFoundError) return false;
    throw unavailable(error);
  }
}

function bounded<T>(temporal: TemporalHandle, fn: () => Promise<T>): Promise<T> {
  return temporal.connection.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, fn);
}

function unavailable(error: unknown): ApiError {
  return new ApiError('temporal_unavailable', `Temporal did not answer: ${(error as Error).message}`);
}
