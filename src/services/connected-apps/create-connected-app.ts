import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { connectedApps } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { conflict } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { storeClientSecret } from './app-credentials.js';
import { recordAppEvent } from './app-events.js';
import { type ConnectedAppResource, type SyncRequest, toConnectedAppResource } from './app-resource.js';
import { beginAuthorization } from './authorization.js';
import { findProvider, type GivenEndpoints, resolveEndpoints } from './resolve-endpoints.js';

export interface CreateConnectedAppInput {
  name: string;
  provider: string;
  client_id: string;
  client_secret: string;
  scopes?: string[];
  issuer?: string;
  endpoints?: GivenEndpoints;
  test_url?: string;
  sync?: SyncRequest;
  /** The request's origin: the redirect URI's base when PUBLIC_URL is not set. */
  requestOrigin: string;
}

export type ConnectedAppWithAuthorization = ConnectedAppResource & { authorization_url: string };

export const nameTaken = (name: string) =>
  conflict('connected_app_name_taken', `A connected app named "${name}" already exists`);

/**
 * Creates an app (status `pending`) and begins its authorization: the answer carries the provider
 * URL to send the user's browser to; the callback finishes the connection. The client secret is
 * sealed as the app's client credential and never shown again.
 */
export async function createConnectedApp(
  ctx: ServiceContext,
  input: CreateConnectedAppInput,
): Promise<ConnectedAppWithAuthorization> {
  requirePermission(ctx, 'connected_apps:write');
  const provider = findProvider(ctx, input.provider);
  // Before the transaction: discovery is a request to the provider, not something to hold locks over.
  const endpoints = await resolveEndpoints(ctx, provider, input);
  const id = newId('capp');
  try {
    return await ctx.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(connectedApps)
        .values({
          id,
          orgId: ctx.orgId,
          name: input.name,
          provider: input.provider,
          status: 'pending',
          endpoints: { ...endpoints },
          clientId: input.client_id,
          scopes: [...new Set(input.scopes ?? provider.default_scopes)],
          settings: {
            ...(input.test_url ? { test_url: input.test_url } : {}),
            ...(input.sync ? { sync: input.sync } : {}),
          },
          createdBy: ctx.actor.id,
        })
        .returning();
      if (!inserted) throw new Error('insert returned no row');
      const row = await attachClientSecret(tx, ctx, inserted, input.client_secret);
      await recordAudit(tx, ctx, {
        action: 'connected_app.create',
        resourceType: 'connected_app',
        resourceId: id,
        details: { name: input.name, provider: input.provider, scopes: row.scopes },
      });
      await recordAppEvent(tx, {
        orgId: ctx.orgId,
        appId: id,
        kind: 'authorization_started',
        detail: { by: ctx.actor.id, scopes: row.scopes },
      });
      const authorizationUrl = await beginAuthorization(tx, ctx, row, input.requestOrigin);
      return { ...toConnectedAppResource(row), authorization_url: authorizationUrl };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'connected_apps_org_name_key')) throw nameTaken(input.name);
    throw error;
  }
}

async function attachClientSecret(
  tx: Db,
  ctx: ServiceContext,
  row: typeof connectedApps.$inferSelect,
  secret: string,
) {
  const credentialId = await storeClientSecret(tx, ctx, row, {
    client_id: row.clientId,
    client_secret: secret,
    token_url: (row.endpoints as { token_endpoint: string }).token_endpoint,
  });
  const [updated] = await updateInOrg(tx, connectedApps, ctx.orgId, eq(connectedApps.id, row.id), {
    clientCredentialId: credentialId,
  }).returning();
  if (!updated) throw new Error('update returned no row');
  return updated;
}
