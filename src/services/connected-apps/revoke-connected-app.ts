import { eq } from 'drizzle-orm';
import * as oauth from 'oauth4webapi';
import { connectedApps } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { recordAudit } from '../audit/record-audit.js';
import { requirePermission, type ServiceContext } from '../context.js';
import { deleteAppCredentials, readClientSecret, readTokens } from './app-credentials.js';
import { recordAppEvent } from './app-events.js';
import { endpointsOf, findConnectedApp, toConnectedAppResource } from './app-resource.js';
import { authorizationServer, clientAuth, httpOptions, providerError } from './oauth-client.js';
import { stopTokenWorkflow } from './token-workflow.js';

/**
 * Withdraws the app's access: the provider's RFC 7009 revocation endpoint is called for the
 * refresh token (which ends the grant) and the access token, where the provider has one; then the
 * tokens are deleted, the app is `revoked` and its token workflow ends. A provider that refuses
 * answers 502 and nothing changes here, so revoking can be tried again.
 */
export async function revokeConnectedApp(ctx: ServiceContext, id: string) {
  requirePermission(ctx, 'connected_apps:write');
  const app = await findConnectedApp(ctx.db, ctx.orgId, id);
  const tokens = await readTokens(ctx.db, ctx, app);
  const endpoints = endpointsOf(app);
  let revokedAtProvider = false;
  if (tokens && endpoints.revocation_endpoint) {
    const as = authorizationServer(endpoints);
    const client = { client_id: app.clientId };
    const auth = clientAuth(endpoints, await readClientSecret(ctx.db, ctx, app));
    try {
      for (const [token, hint] of [
        [tokens.refresh_token, 'refresh_token'],
        [tokens.access_token, 'access_token'],
      ] as const) {
        if (!token) continue;
        const response = await oauth.revocationRequest(as, client, auth, token, {
          ...httpOptions(ctx),
          additionalParameters: { token_type_hint: hint },
        });
        await oauth.processRevocationResponse(response);
      }
      revokedAtProvider = true;
    } catch (error) {
      throw providerError('revocation', error);
    }
  }
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findConnectedApp(tx, ctx.orgId, id, { forUpdate: true });
    const now = ctx.clock();
    await deleteAppCredentials(tx, current, now, { client: false });
    const [updated] = await updateInOrg(tx, connectedApps, ctx.orgId, eq(connectedApps.id, id), {
      status: 'revoked',
      tokenCredentialId: null,
      tokenExpiresAt: null,
      updatedAt: now,
    }).returning();
    if (!updated) throw new Error('update returned no row');
    const detail = { at_provider: revokedAtProvider, had_tokens: tokens !== undefined };
    await recordAppEvent(tx, { orgId: ctx.orgId, appId: id, kind: 'revoked', detail, live: true });
    await recordAudit(tx, ctx, {
      action: 'connected_app.revoke',
      resourceType: 'connected_app',
      resourceId: id,
      details: detail,
    });
    return updated;
  });
  await stopTokenWorkflow(ctx, id, 'connected app revoked');
  return toConnectedAppResource(row);
}
