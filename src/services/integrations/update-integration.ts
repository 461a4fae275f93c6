import { eq } from 'drizzle-orm';
import { integrations } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { checkIntegrationInput } from './check-integration-input.js';
import {
  findIntegration,
  type IntegrationInput,
  type IntegrationResource,
  toIntegrationResource,
} from './integration-resource.js';
import { syncIntegrationSchedule } from './integration-schedule.js';

/** Replaces an integration (PUT: omitted fields take their defaults) and brings its Schedule in line. */
export async function updateIntegration(
  ctx: ServiceContext,
  id: string,
  input: IntegrationInput,
): Promise<IntegrationResource> {
  requirePermission(ctx, 'integrations:write');
  const draft = await checkIntegrationInput(ctx, input);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findIntegration(tx, ctx.orgId, id, { forUpdate: true });
    const [updated] = await updateInOrg(tx, integrations, ctx.orgId, eq(integrations.id, current.id), {
      ...draft,
      updatedAt: ctx.clock(),
    }).returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: 'integration.update',
      resourceType: 'integration',
      resourceId: id,
      details: { name: draft.name, interval_seconds: draft.intervalSeconds, enabled: draft.enabled },
    });
    await syncIntegrationSchedule(ctx, updated);
    return updated;
  });
  return toIntegrationResource(row);
}
