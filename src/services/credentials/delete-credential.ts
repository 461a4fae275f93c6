import { credentials } from '../../db/schema/index.js';
import { softDeleteInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { findCredential, refuseManaged } from './credential-resource.js';

/**
 * Soft-deletes a credential: every read answers 404 from now on, steps naming it fail, and its
 * name is free for a new one (the unique index covers live rows only).
 */
export async function deleteCredential(ctx: ServiceContext, id: string): Promise<void> {
  requirePermission(ctx, 'credentials:write');
  await ctx.db.transaction(async (tx) => {
    const row = await findCredential(tx, ctx.orgId, id, { forUpdate: true });
    refuseManaged(row);
    await softDeleteInOrg(tx, credentials, ctx.orgId, id, ctx.clock());
    await recordAudit(tx, ctx, {
      action: 'credential.delete',
      resourceType: 'credential',
      resourceId: id,
      details: { name: row.name, type: row.type },
    });
  });
}
