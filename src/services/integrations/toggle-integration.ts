import { eq } from 'drizzle-orm';
import { integrations } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findIntegration, type IntegrationResource, toIntegrationResource } from './integration-resource.js';
import { syncIntegrationSchedule } from './integration-schedule.js';

/** Enables or disables the periodic checks (the Schedule is paused while disabled); without `enabled`, flips. */
export async function toggleIntegration(
  ctx: ServiceContext,
  id: string,
  enabled?: boolean,
): Promise<IntegrationResource> {
  requirePermission(ctx, 'integrations:write');
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findIntegration(tx, ctx.orgId, id, { forUpdate: true });
    const next = enabled ?? !current.enabled;
    const [updated] = await updateInOrg(tx, integrations, ctx.orgId, eq(integrations.id, current.id), {
      enabled: next,
      updatedAt: ctx.clock(),
    }).returning();
    if (!updated) throw new Error('update returned no row');
    await recordAudit(tx, ctx, {
      action: next ? 'integration.enable' : 'integration.disable',
      resourceType: 'integration',
      resourceId: id,
    });
    await syncIntegrationSchedule(ctx, updated);
    return updated;
  });
  return toIntegrationResource(row);
}
