import { eq } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.js';
import { connectedApps } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { replaceClientSecret } from './app-credentials.js';
import {
  type ConnectedAppResource,
  endpointsOf,
  findConnectedApp,
  type SyncRequest,
  settingsOf,
  toConnectedAppResource,
} from './app-resource.js';
import { nameTaken } from './create-connected-app.js';

/** What may change after creation; `null` clears test_url or sync. */
export interface ConnectedAppChanges {
  name?: string;
  client_id?: string;
  client_secret?: string;
  scopes?: string[];
  test_url?: string | null;
  sync?: SyncRequest | null;
}

/**
 * Changes an app's settings (PUT sends them all, PATCH some). New scopes or client take effect at
 * the next authorization; the tokens held stay as they are.
 */
export async function updateConnectedApp(
  ctx: ServiceContext,
  id: string,
  input: ConnectedAppChanges,
): Promise<ConnectedAppResource> {
  requirePermission(ctx, 'connected_apps:write');
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const current = await findConnectedApp(tx, ctx.orgId, id, { forUpdate: true });
      const settings = { ...settingsOf(current) };
      if (input.test_url !== undefined) {
        if (input.test_url === null) delete settings.test_url;
        else settings.test_url = input.test_url;
      }
      if (input.sync !== undefined) {
        if (input.sync === null) delete settings.sync;
        else settings.sync = input.sync;
      }
      const clientId = input.client_id ?? current.clientId;
      const clientCredentialId =
        input.client_secret === undefined
          ? current.clientCredentialId
          : await replaceClientSecret(tx, ctx, current, {
              client_id: clientId,
              client_secret: input.client_secret,
              token_url: endpointsOf(current).token_endpoint,
            });
      const [updated] = await updateInOrg(tx, connectedApps, ctx.orgId, eq(connectedApps.id, id), {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.scopes === undefined ? {} : { scopes: [...new Set(input.scopes)] }),
        clientId,
        clientCredentialId,
        settings: { ...settings },
        updatedAt: ctx.clock(),
      }).returning();
      if (!updated) throw new Error('update returned no row');
      await recordAudit(tx, ctx, {
        action: 'connected_app.update',
        resourceType: 'connected_app',
        resourceId: id,
        details: { fields: Object.keys(input).sort() },
      });
      return updated;
    });
    return toConnectedAppResource(row);
  } catch (error) {
    if (isUniqueViolation(error, 'connected_apps_org_name_key')) throw nameTaken(input.name ?? '');
    throw error;
  }
}
