import { integrations } from '../../db/schema/index.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { checkIntegrationInput } from './check-integration-input.js';
import {
  type IntegrationInput,
  type IntegrationResource,
  toIntegrationResource,
} from './integration-resource.js';
import { createScheduleOptions } from './integration-schedule.js';

/** Registers an integration: its row, its audit row and its Temporal Schedule of checks, all or nothing. */
export async function createIntegration(
  ctx: ServiceContext,
  input: IntegrationInput,
): Promise<IntegrationResource> {
  requirePermission(ctx, 'integrations:write');
  const draft = await checkIntegrationInput(ctx, input);
  const id = newId('int');
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(integrations)
      .values({ id, orgId: ctx.orgId, ...draft, createdBy: ctx.actor.id })
      .returning();
    if (!inserted) throw new Error('insert returned no row');
    await recordAudit(tx, ctx, {
      action: 'integration.create',
      resourceType: 'integration',
      resourceId: id,
      details: { name: draft.name, base_url: draft.baseUrl, interval_seconds: draft.intervalSeconds },
    });
    // Last: if Temporal refuses the schedule, the row and its audit row roll back.
    await ctx.temporal.client.schedule.create(createScheduleOptions(ctx, inserted));
    return inserted;
  });
  return toIntegrationResource(row);
}
