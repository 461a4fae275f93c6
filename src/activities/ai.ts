import { ApplicationFailure, Context } from '@temporalio/activity';
import { AiCallError } from '../services/ai/ai-call-error.js';
import type { AiProvider } from '../services/ai/anthropic-client.js';
import { checkAiConnection } from '../services/ai/check-ai-connection.js';
import { performAiTask } from '../services/ai/perform-ai-task.js';
import { type Platform, systemContext } from '../services/context.js';
import type { AiCall, AiConnectionStatus, AiOutcome, AiStatusInput } from '../workflows/ai-messages.js';

export interface AiActivities {
  performAiTask(call: AiCall): Promise<AiOutcome>;
  checkAiConnection(input: AiStatusInput): Promise<AiConnectionStatus>;
}

/** Tells Temporal the worker is alive while a model writes: the heartbeat timeout is shorter than an answer. */
const HEARTBEAT_EVERY_MS = 2000;

/** AI calls: the services do the work; here the attempt's facts go in and failures become Temporal's. */
export function createAiActivities({
  platform,
  provider,
}: {
  platform: Platform;
  provider: AiProvider;
}): AiActivities {
  return {
    async performAiTask(call) {
      const context = Context.current();
      const { info } = context;
      // Always set for an activity a workflow scheduled (only standalone activities lack one).
      const run = info.workflowExecution ?? { workflowId: info.activityId, runId: info.activityId };
      const beat = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        return await performAiTask(systemContext(platform, call.orgId), provider, call, {
          runId: run.workflowId,
          attemptKey: `${run.runId}:${info.activityId}:${info.attempt}`,
          attempt: info.attempt,
          signal: context.cancellationSignal,
        });
      } catch (error) {
        throw error instanceof AiCallError ? failureOf(error) : error;
      } finally {
        clearInterval(beat);
      }
    },
    checkAiConnection: (input) =>
      checkAiConnection(systemContext(platform, input.orgId), provider, Context.current().cancellationSignal),
  };
}

/** The failure Temporal records: the code as its type, retryable or not, and the wait the API asked for. */
function failureOf(error: AiCallError): ApplicationFailure {
  return ApplicationFailure.create({
    message: error.message,
    type: error.code,
    nonRetryable: !error.retryable,
    details: [error.details],
    ...(error.retryAfterMs !== undefined ? { nextRetryDelay: error.retryAfterMs } : {}),
  });
}
