import { agents } from '../../db/schema/index.js';
import { softDeleteInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findAgent } from './find-agent.js';

/**
 * Soft-deletes an agent. Its token hash is cleared in the same change, so the robot's next request
 * is refused; tasks it still holds go back to the queue when their heartbeat timeout passes.
 */
export async function deleteAgent(ctx: ServiceContext, id: string): Promise<void> {
  requirePermission(ctx, 'agents:write');
  await ctx.db.transaction(async (tx) => {
    const row = await findAgent(tx, ctx.orgId, id, { forUpdate: true });
    await softDeleteInOrg(tx, agents, ctx.orgId, id, ctx.clock(), { tokenHash: null });
    await recordAudit(tx, ctx, {
      action: 'agent.delete',
      resourceType: 'agent',
      resourceId: id,
      details: { kind: row.kind, name: row.name },
    });
  });
}
