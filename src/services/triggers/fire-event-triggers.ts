import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError } from '../../lib/errors.js';
import { type Platform, systemContext } from '../context.js';
import type { EventKind } from './config.js';
import { fireTrigger } from './fire-trigger.js';

export interface TriggerEvent {
  orgId: string;
  kind: EventKind;
  workflowId: string;
  executionId: string;
  /** `status`, `output` and `error` of the execution; an approval's fields for `approval.decided`. */
  data: Record<string, unknown>;
}

/**
 * The organization's enabled event triggers listening for `kind` from a workflow. `workflowId` may
 * be an SQL expression, so a statement that learns the workflow (an outcome) can ask in passing.
 */
export function listeningTo(orgId: string, workflowId: string | SQL, kind: EventKind): SQL {
  return inOrg(
    triggers,
    orgId,
    and(
      eq(triggers.type, 'event'),
      eq(triggers.enabled, true),
      isNull(triggers.deletedAt),
      sql`${triggers.config}->>'source_workflow_id' = ${workflowId}`,
      sql`${triggers.config}->'on' @> ${JSON.stringify([kind])}::jsonb`,
    ),
  );
}

/**
 * Starts the runs of the organization's enabled event triggers listening for this event. Each
 * firing has an idempotency key made of the trigger, the execution and the event, so a retried
 * caller (the outcome activity) never starts a run twice. A refusal (the target's input is
 * invalid, it is not published) is recorded on its trigger and does not stop the others; anything
 * else is thrown after every trigger had its turn, for the caller to retry.
 */
export async function fireEventTriggers(platform: Platform, event: TriggerEvent): Promise<void> {
  const listening = await platform.db
    .select()
    .from(triggers)
    .where(listeningTo(event.orgId, event.workflowId, event.kind));
  if (listening.length === 0) return;
  const ctx = systemContext(platform, event.orgId);
  const payload = {
    event: event.kind,
    execution_id: event.executionId,
    workflow_id: event.workflowId,
    status: event.data.status ?? null,
    output: event.data.output ?? null,
    error: event.data.error ?? null,
    data: event.data,
  };
  // One execution can have several approvals; each decision is its own event.
  const approvalId = typeof event.data.approval_id === 'string' ? `:${event.data.approval_id}` : '';
  const failures: unknown[] = [];
  for (const trigger of listening) {
    try {
      await fireTrigger(ctx, trigger, {
        payload,
        executionTrigger: 'event',
        idempotencyKey: `event:${trigger.id}:${event.executionId}:${event.kind}${approvalId}`,
        details: { event: event.kind, source_execution_id: event.executionId },
      });
    } catch (error) {
      if (error instanceof ApiError) {
        platform.logger.warn(
          { trigger_id: trigger.id, execution_id: event.executionId, code: error.code },
          'event trigger refused',
        );
        continue;
      }
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'event triggers failed to fire');
}
