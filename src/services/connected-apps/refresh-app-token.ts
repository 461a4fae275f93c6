import { eq } from 'drizzle-orm';
import * as oauth from 'oauth4webapi';
import { connectedApps } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import type { RefreshOutcome, RefreshPlan, RefreshReason } from '../../workflows/connected-app-messages.js';
import type { Platform } from '../context.js';
import { readClientSecret, readTokens, storeTokens } from './app-credentials.js';
import { recordAppEvent } from './app-events.js';
import { type ConnectedAppRow, endpointsOf, findConnectedApp } from './app-resource.js';
import { authorizationServer, clientAuth, describeProviderFailure, httpOptions } from './oauth-client.js';
import { tokensFrom } from './tokens.js';

async function liveApp(
  platform: Platform,
  orgId: string,
  appId: string,
): Promise<ConnectedAppRow | undefined> {
  try {
    return await findConnectedApp(platform.db, orgId, appId);
  } catch {
    return undefined;
  }
}

/**
 * When the token workflow should refresh next: the expiry minus the margin (at most half the
 * token's lifetime, so a short-lived token is not refreshed in a loop), or never for a token
 * without expiry; `stopped` once the app is not connected.
 */
export async function planTokenRefresh(
  platform: Platform,
  target: { orgId: string; appId: string },
): Promise<RefreshPlan> {
  const app = await liveApp(platform, target.orgId, target.appId);
  if (app?.status !== 'connected') return { state: 'stopped' };
  if (!app.tokenExpiresAt) return { state: 'connected', refreshInMs: null };
  const now = platform.clock().getTime();
  const expires = app.tokenExpiresAt.getTime();
  const lifetime = expires - (app.lastRefreshedAt ?? app.updatedAt).getTime();
  const margin = Math.min(
    platform.config.connectedApps.refreshMarginSeconds * 1000,
    Math.max(lifetime, 0) / 2,
  );
  return { state: 'connected', refreshInMs: Math.max(expires - margin - now, 0) };
}

/**
 * One refresh of the app's token with its refresh token, called from the token workflow's
 * activity only (so refreshes of one app are serialized). A refusal of the grant marks the app
 * `needs_reauth`, logs `refresh_failed` and tells the organization's sockets; trouble that may pass
 * (network, 5xx) is thrown for Temporal to retry.
 */
export async function refreshConnectedAppToken(
  platform: Platform,
  target: { orgId: string; appId: string; reason: RefreshReason; workflowId: string },
): Promise<RefreshOutcome> {
  const app = await liveApp(platform, target.orgId, target.appId);
  if (app?.status !== 'connected') return { outcome: 'not_connected' };
  const tokens = await readTokens(platform.db, platform, app);
  if (!tokens?.refresh_token) {
    return markNeedsReauth(platform, app, target, {
      error: 'no_refresh_token',
      error_description: 'The provider issued no refresh token; authorize the app again',
    });
  }
  const endpoints = endpointsOf(app);
  const as = authorizationServer(endpoints);
  const client = { client_id: app.clientId };
  let response: oauth.TokenEndpointResponse;
  try {
    const secret = await readClientSecret(platform.db, platform, app);
    const answer = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth(endpoints, secret),
      tokens.refresh_token,
      httpOptions(platform),
    );
    response = await oauth.processRefreshTokenResponse(as, client, answer);
  } catch (error) {
    const failure = describeProviderFailure(error);
    if (!failure.permanent) throw error;
    const { permanent: _permanent, ...refusal } = failure;
    return markNeedsReauth(platform, app, target, refusal);
  }
  const now = platform.clock();
  const fresh = tokensFrom(response, now, tokens);
  return platform.db.transaction(async (tx) => {
    const current = await findConnectedApp(tx, app.orgId, app.id, { forUpdate: true });
    // Revoked or deleted while the provider answered: the new tokens are not kept.
    if (current.status !== 'connected') return { outcome: 'not_connected' } as const;
    await storeTokens(tx, platform, current, fresh);
    await updateInOrg(tx, connectedApps, app.orgId, eq(connectedApps.id, app.id), {
      tokenExpiresAt: fresh.expires_at ? new Date(fresh.expires_at) : null,
      lastRefreshedAt: now,
      updatedAt: now,
    });
    await recordAppEvent(tx, {
      orgId: app.orgId,
      appId: app.id,
      kind: 'token_refreshed',
      detail: { reason: target.reason, expires_at: fresh.expires_at ?? null, scope: fresh.scope ?? null },
      workflowId: target.workflowId,
    });
    return { outcome: 'refreshed', expiresAt: fresh.expires_at ?? null } as const;
  });
}

async function markNeedsReauth(
  platform: Platform,
  app: ConnectedAppRow,
  target: { reason: RefreshReason; workflowId: string },
  refusal: { error: string; error_description?: string; status?: number },
): Promise<RefreshOutcome> {
  await platform.db.transaction(async (tx) => {
    const current = await findConnectedApp(tx, app.orgId, app.id, { forUpdate: true });
    if (current.status !== 'connected') return;
    await updateInOrg(tx, connectedApps, app.orgId, eq(connectedApps.id, app.id), {
      status: 'needs_reauth',
      updatedAt: platform.clock(),
    });
    await recordAppEvent(tx, {
      orgId: app.orgId,
      appId: app.id,
      kind: 'refresh_failed',
      detail: { reason: target.reason, ...refusal, app_status: 'needs_reauth' },
      workflowId: target.workflowId,
      live: true,
    });
  });
  return { outcome: 'failed', ...refusal };
}
