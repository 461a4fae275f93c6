import { unavailableDependency } from '../lib/dependency-errors.js';
import type { Platform } from '../services/context.js';
import type { ReadModelWriter } from '../services/executions/read-model-writer.js';
import { findOutcomeWorkflow, recordOutcome } from '../services/executions/record-outcome.js';
import type { EventKind } from '../services/triggers/config.js';
import { fireEventTriggers } from '../services/triggers/fire-event-triggers.js';
import { emitExecutionOutcome } from '../services/webhooks/emit-execution-outcome.js';
import type { ExecutionOutcome } from '../workflows/execution-input.js';

export interface ReadModelActivities {
  recordExecutionOutcome(outcome: ExecutionOutcome): Promise<void>;
}

/**
 * The run's final status, written durably (a local activity: retried until it lands, recorded in
 * history) after the buffered step events, so the record never says "completed" before its steps.
 * Once it is committed, event triggers listening for the outcome start their runs.
 */
export function createReadModelActivities({
  platform,
  writer,
}: {
  platform: Platform;
  writer: ReadModelWriter;
}): ReadModelActivities {
  return {
    async recordExecutionOutcome(outcome) {
      await writer.flush();
      const kind = eventKindOf(outcome);
      const recorded = await recordOutcome(platform.db, { outcome, kind }).catch((error: unknown) => {
        // Unreachable: retried. Refused (what the run produced cannot be stored): the outcome
        // lands without it rather than leaving the run `running` while this retries forever.
        if (unavailableDependency(error)) throw error;
        platform.logger.warn(
          { err: error, execution_id: outcome.executionId },
          'outcome stored without its data',
        );
        return recordOutcome(platform.db, { outcome: outcomeWithoutData(outcome), kind });
      });
      // A retry after the outcome was committed fires again; the triggers' idempotency keys and the
      // webhook outbox's (subscription, event) key make that safe.
      const workflowId = recorded?.workflowId ?? (await findOutcomeWorkflow(platform.db, outcome));
      if (workflowId) await emitExecutionOutcome(platform, outcome, workflowId);
      if (!kind || recorded?.listened === false) return;
      if (workflowId) {
        await fireEventTriggers(platform, {
          orgId: outcome.orgId,
          kind,
          workflowId,
          executionId: outcome.executionId,
          data: { status: outcome.status, output: outcome.output ?? null, error: outcome.error ?? null },
        });
      }
    },
  };
}

/** The outcome as it is stored when the database refused its output or error. */
function outcomeWithoutData(outcome: ExecutionOutcome): ExecutionOutcome {
  return {
    ...outcome,
    output: null,
    error: {
      code: outcome.error?.code ?? 'OUTPUT_NOT_STORED',
      message: "The database refused this run's output or error; see the run in Temporal for them",
      step_id: outcome.error?.step_id ?? null,
    },
  };
}

/** The event an outcome is to event triggers, if any (a cancelled run is none). */
function eventKindOf(outcome: ExecutionOutcome): EventKind | undefined {
  if (outcome.status === 'completed') return 'execution.completed';
  if (outcome.status === 'failed') return 'execution.failed';
  return undefined;
}
