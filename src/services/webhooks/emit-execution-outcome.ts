import type { ExecutionOutcome } from '../../workflows/execution-input.js';
import type { Platform } from '../context.js';
import { emitWebhookEvent } from './emit-webhook-event.js';
import { startWebhookDeliveries } from './start-webhook-deliveries.js';

/**
 * The `execution.<status>` webhook event of a recorded outcome. Called by the outcome activity
 * after its statement committed, and again on the activity's retries (the outbox write is keyed
 * by the event, so a repeat adds nothing): the activity does not complete until this has
 * committed, so a crash between the two statements cannot lose the event.
 */
export async function emitExecutionOutcome(
  platform: Platform,
  outcome: ExecutionOutcome,
  workflowId: string,
): Promise<void> {
  const ctx = { ...platform, orgId: outcome.orgId };
  const type = `execution.${outcome.status}` as const;
  const ids = await emitWebhookEvent(ctx, platform.db, {
    type,
    eventId: `${type}:${outcome.executionId}`,
    data: {
      execution_id: outcome.executionId,
      workflow_id: workflowId,
      status: outcome.status,
      output: outcome.output ?? null,
      error: outcome.error ?? null,
    },
  });
  if (ids.length > 0) await startWebhookDeliveries(ctx, ids);
}
