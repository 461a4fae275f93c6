import { connectedApps } from '../../db/schema/index.js';
import { softDeleteInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { deleteAppCredentials } from './app-credentials.js';
import { findConnectedApp } from './app-resource.js';
import { stopTokenWorkflow } from './token-workflow.js';

/**
 * Disconnects and deletes an app: its tokens and client secret are soft-deleted with it (nothing
 * can open them afterwards) and its token workflow ends. The provider is not told; revoke first
 * to withdraw the grant there.
 */
export async function deleteConnectedApp(ctx: ServiceContext, id: string): Promise<void> {
  requirePermission(ctx, 'connected_apps:write');
  await ctx.db.transaction(async (tx) => {
    const app = await findConnectedApp(tx, ctx.orgId, id, { forUpdate: true });
    const now = ctx.clock();
    await deleteAppCredentials(tx, app, now, { client: true });
    await softDeleteInOrg(tx, connectedApps, ctx.orgId, id, now, { tokenCredentialId: null });
    await recordAudit(tx, ctx, {
      action: 'connected_app.delete',
      resourceType: 'connected_app',
      resourceId: id,
      details: { name: app.name, provider: app.provider },
    });
  });
  await stopTokenWorkflow(ctx, id, 'connected app deleted');
}
