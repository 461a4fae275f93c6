import { integrations } from '../../db/schema/index.js';
import { softDeleteInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findIntegration } from './integration-resource.js';
import { deleteIntegrationSchedule } from './integration-schedule.js';

/** Soft-deletes the integration (reads answer 404; its checks stay for the audit) and deletes its Schedule. */
export async function deleteIntegration(ctx: ServiceContext, id: string): Promise<void> {
  requirePermission(ctx, 'integrations:write');
  await ctx.db.transaction(async (tx) => {
    const current = await findIntegration(tx, ctx.orgId, id, { forUpdate: true });
    await softDeleteInOrg(tx, integrations, ctx.orgId, current.id, ctx.clock());
    await recordAudit(tx, ctx, {
      action: 'integration.delete',
      resourceType: 'integration',
      resourceId: id,
      details: { name: current.name },
    });
    await deleteIntegrationSchedule(ctx, id);
  });
}
