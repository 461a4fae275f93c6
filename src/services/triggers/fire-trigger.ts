import { eq, sql, type WithSubquery } from 'drizzle-orm';
import { type ExecutionTrigger, triggers } from '../../db/schema/index.js';
import { inOrg } from '../../db/tenant.js';
import { ApiError } from '../../lib/errors.js';
import { auditInsert } from '../audit/record-audit.js';
import type { ServiceContext } from '../context.js';
import { notifyExpression } from '../events/publish.js';
import { type ExecutionRow, launchNewExecution, resumeRecorded } from '../executions/launch-execution.js';
import { type LaunchTarget, loadLaunchTarget } from '../executions/launch-target.js';
import { emitWebhookEvent } from '../webhooks/emit-webhook-event.js';
import { startWebhookDeliveries } from '../webhooks/start-webhook-deliveries.js';
import { mapInput, mappingTargetOf } from './map-input.js';
import type { TriggerRow } from './trigger-resource.js';

export interface FireRequest {
  payload: unknown;
  headers?: Record<string, string>;
  /** How the execution records what started it. */
  executionTrigger: ExecutionTrigger;
  /** Makes the firing repeat-safe: the same key answers with the run it first started. */
  idempotencyKey?: string;
  /** Extra fields for the mappings' `trigger` object (a webhook's delivery id). */
  details?: Record<string, unknown>;
}

export interface FireResult {
  execution: ExecutionRow;
  created: boolean;
}

/**
 * Starts one run of the trigger's workflow with the payload mapped to its input, and records the
 * firing on the trigger (count and time with the run's start, or the error) and announces it as a
 * `trigger.fired` event. A repeated idempotency key answers with its run and counts nothing.
 * Refusals come back as ApiErrors: 422 when the mappings fail or produce an input the workflow
 * refuses, 409 when the workflow cannot run. Callers check enabled and permissions.
 */
export async function fireTrigger(
  ctx: ServiceContext,
  trigger: TriggerRow,
  request: FireRequest,
): Promise<FireResult> {
  const firedAt = new Date();
  // The workflow, its published version and what this key started already: one read.
  const target = await loadLaunchTarget(ctx.db, ctx.orgId, trigger.workflowId, {
    idempotencyKey: request.idempotencyKey,
  });
  if (target?.keyed) {
    const resumed = { execution: await resumeRecorded(ctx, target.keyed), created: false };
    // A repeated firing (the sender retrying) emits again: a no-op unless the first emit was lost.
    await announceToWebhooks(ctx, trigger, resumed.execution, firedAt);
    return resumed;
  }
  try {
    const fired = await launchMapped(ctx, trigger, request, firedAt, target);
    await announceToWebhooks(ctx, trigger, fired.execution, firedAt);
    return fired;
  } catch (error) {
    if (error instanceof ApiError) await recordFailure(ctx, trigger, error, firedAt);
    throw error;
  }
}

async function launchMapped(
  ctx: ServiceContext,
  trigger: TriggerRow,
  request: FireRequest,
  firedAt: Date,
  launchTarget: LaunchTarget | null,
): Promise<FireResult> {
  if (!launchTarget || launchTarget.workflow.deletedAt) {
    throw new ApiError('workflow_unavailable', "The trigger's workflow no longer exists");
  }
  const target = mappingTargetOf(launchTarget);
  const { input, errors } = await mapInput(trigger.mappings, target, {
    payload: request.payload,
    headers: request.headers ?? {},
    trigger: {
      id: trigger.id,
      name: trigger.name,
      type: trigger.type,
      fired_at: firedAt.toISOString(),
      ...request.details,
    },
  });
  if (errors.length > 0) {
    throw new ApiError('trigger_mapping_failed', `Mapping the payload failed: ${errors.length} problem(s)`, {
      details: { errors },
    });
  }
  try {
    return await launchNewExecution(
      ctx,
      {
        workflowId: trigger.workflowId,
        input,
        trigger: request.executionTrigger,
        idempotencyKey: request.idempotencyKey,
      },
      launchTarget,
      (execution) => firingRecord(ctx, trigger, execution, firedAt),
    );
  } catch (error) {
    // The caller sent a payload, not an input: what the payload mapped to is unprocessable for them.
    if (error instanceof ApiError && error.code === 'validation_failed') {
      throw new ApiError('trigger_input_invalid', `The mapped input is invalid: ${error.message}`, {
        details: { ...error.details, input },
      });
    }
    throw error;
  }
}

/**
 * Counts the firing, audits it when a person fired it, and announces it: CTEs that commit with the
 * started run's id (launchNewExecution), so a firing costs no statement of its own.
 */
function firingRecord(
  ctx: ServiceContext,
  trigger: TriggerRow,
  execution: ExecutionRow,
  firedAt: Date,
): WithSubquery[] {
  const counted = ctx.db.$with('fired').as(
    ctx.db
      .update(triggers)
      .set({ fireCount: sql`${triggers.fireCount} + 1`, lastFiredAt: firedAt })
      .where(inOrg(triggers, ctx.orgId, eq(triggers.id, trigger.id)))
      .returning({ announced: firedEvent(ctx, trigger, firedAt, { execution_id: execution.id }) }),
  );
  // Webhook and event firings are audited by the execution.start row; people firing by hand too here.
  if (ctx.actor.type === 'system') return [counted];
  const audit = ctx.db.$with('fire_audit').as(
    auditInsert(ctx.db, ctx, {
      action: 'trigger.fire',
      resourceType: 'trigger',
      resourceId: trigger.id,
      details: { execution_id: execution.id, workflow_id: trigger.workflowId },
    }),
  );
  return [counted, audit];
}

async function recordFailure(ctx: ServiceContext, trigger: TriggerRow, error: ApiError, firedAt: Date) {
  const lastError = { code: error.code, message: error.message.slice(0, 1000), at: firedAt.toISOString() };
  await ctx.db
    .update(triggers)
    .set({ lastError })
    .where(inOrg(triggers, ctx.orgId, eq(triggers.id, trigger.id)))
    .returning({
      announced: firedEvent(ctx, trigger, firedAt, {
        execution_id: null,
        error: { code: error.code, message: lastError.message },
      }),
    });
}

/** The `trigger.fired` event, sent by the statement that records the firing. */
function firedEvent(ctx: ServiceContext, trigger: TriggerRow, firedAt: Date, data: Record<string, unknown>) {
  return notifyExpression({
    type: 'trigger.fired',
    orgId: ctx.orgId,
    data: {
      trigger_id: trigger.id,
      type: trigger.type,
      workflow_id: trigger.workflowId,
      ...data,
      at: firedAt.toISOString(),
    },
  });
}

/** The `trigger.fired` webhook event, keyed by the run it started so repeats add nothing. */
async function announceToWebhooks(
  ctx: ServiceContext,
  trigger: TriggerRow,
  execution: ExecutionRow,
  firedAt: Date,
) {
  const ids = await emitWebhookEvent(ctx, ctx.db, {
    type: 'trigger.fired',
    eventId: `trigger.fired:${execution.id}`,
    data: {
      trigger_id: trigger.id,
      type: trigger.type,
      workflow_id: trigger.workflowId,
      execution_id: execution.id,
      at: firedAt.toISOString(),
    },
  });
  if (ids.length > 0) await startWebhookDeliveries(ctx, ids);
}
