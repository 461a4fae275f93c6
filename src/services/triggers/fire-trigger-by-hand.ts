import { conflict } from '../../lib/errors.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findTrigger } from './find-trigger.js';
import { type FireResult, fireTrigger } from './fire-trigger.js';

/**
 * Fires an enabled trigger of any type now, with `payload` in place of what would normally
 * arrive (a schedule trigger's configured input when none is given). The run records `manual`.
 */
export async function fireTriggerByHand(
  ctx: ServiceContext,
  id: string,
  request: { payload?: Record<string, unknown>; idempotencyKey?: string },
): Promise<FireResult> {
  requirePermission(ctx, 'triggers:fire');
  const trigger = await findTrigger(ctx.db, ctx.orgId, id);
  if (!trigger.enabled) throw conflict('trigger_disabled', 'Enable the trigger before firing it');
  const scheduledInput = trigger.type === 'schedule' ? (trigger.config.input as Record<string, unknown>) : {};
  return fireTrigger(ctx, trigger, {
    payload: request.payload ?? scheduledInput ?? {},
    executionTrigger: 'manual',
    idempotencyKey: request.idempotencyKey ? `manual:${trigger.id}:${request.idempotencyKey}` : undefined,
  });
}
