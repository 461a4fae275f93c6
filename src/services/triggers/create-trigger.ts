import { type TriggerType, triggers } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { checkTrigger, throwIfInvalid } from './check-trigger.js';
import { lockEventGraph } from './event-graph-lock.js';
import { createBackingSchedule } from './schedule-backing.js';
import { describeTrigger, type TriggerWithSecret, withSecret } from './trigger-resource.js';
import { generateWebhookPath, generateWebhookSecret, sealWebhookSecret } from './webhook-secrets.js';

export interface CreateTriggerInput {
  name: string;
  type: TriggerType;
  workflow_id: string;
  enabled?: boolean;
  config?: Record<string, unknown>;
  mappings?: Record<string, string>;
}

/**
 * Creates a trigger. A webhook gets an unguessable path and a `whsec_` signing secret, stored
 * encrypted and returned here once; a schedule trigger gets its Temporal Schedule.
 */
export async function createTrigger(
  ctx: ServiceContext,
  input: CreateTriggerInput,
): Promise<TriggerWithSecret> {
  const { secrets } = ctx;
  requirePermission(ctx, 'triggers:write');
  const id = newId('trg');
  const mappings = input.mappings ?? {};
  const secret = input.type === 'webhook' ? generateWebhookSecret() : null;
  const row = await ctx.db.transaction(async (tx) => {
    if (input.type === 'event') await lockEventGraph(tx, ctx.orgId);
    const check = await checkTrigger(tx, ctx.orgId, {
      type: input.type,
      workflowId: input.workflow_id,
      config: input.config ?? {},
      mappings,
    });
    throwIfInvalid(check);
    const [inserted] = await tx
      .insert(triggers)
      .values({
        id,
        orgId: ctx.orgId,
        workflowId: input.workflow_id,
        name: input.name,
        type: input.type,
        enabled: input.enabled ?? true,
        config: check.config,
        mappings,
        webhookPath: secret ? generateWebhookPath() : null,
        secretCiphertext: secret ? sealWebhookSecret(secrets.masterKey, id, secret) : null,
        createdBy: ctx.actor.id,
      })
      .returning();
    if (!inserted) throw new Error('insert returned no row');
    await recordAudit(tx, ctx, {
      action: 'trigger.create',
      resourceType: 'trigger',
      resourceId: id,
      details: { name: input.name, type: input.type, workflow_id: input.workflow_id },
    });
    // Last: if Temporal refuses the schedule, the trigger and its audit row roll back with it.
    if (input.type === 'schedule') return createBackingSchedule({ ...ctx, db: tx }, inserted);
    return inserted;
  });
  return withSecret(describeTrigger(row, secrets.masterKey), secret);
}
