import { createHash } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import type { Db } from '../../db/client.js';
import { oauthStates } from '../../db/schema/index.js';
import { encrypt } from '../../lib/crypto.js';
import type { ServiceContext } from '../context.js';
import type { ConnectedAppRow } from './app-resource.js';
import { endpointsOf } from './app-resource.js';

/** Where providers send the browser back; public (the provider redirects there, no bearer). */
export const OAUTH_CALLBACK_PATH = '/api/v1/connected-apps/oauth/callback';
/** How long a user has to finish consent at the provider. */
export const STATE_TTL_MS = 10 * 60 * 1000;

export const hashState = (state: string) => createHash('sha256').update(state, 'utf8').digest('hex');
/** The PKCE verifier is sealed bound to its state, so a ciphertext moved to another state fails. */
export const verifierContext = (stateHash: string) => `oauth_state:${stateHash}`;

/** PUBLIC_URL when set (behind a proxy the request's own origin may be an internal one). */
export function redirectUriFor(ctx: ServiceContext, requestOrigin: string): string {
  const base = (ctx.config.connectedApps.publicUrl ?? requestOrigin).replace(/\/+$/, '');
  return `${base}${OAUTH_CALLBACK_PATH}`;
}

/**
 * Starts one authorization of `app` by the context's user: a random `state`, stored only as its
 * SHA-256 and bound to user, organization and app, single-use and expiring in STATE_TTL_MS; a PKCE
 * S256 verifier, sealed; and the provider URL to send the user's browser to.
 */
export async function beginAuthorization(
  db: Db,
  ctx: ServiceContext,
  app: ConnectedAppRow,
  requestOrigin: string,
): Promise<string> {
  const endpoints = endpointsOf(app);
  const state = oauth.generateRandomState();
  const stateHash = hashState(state);
  const verifier = oauth.generateRandomCodeVerifier();
  const redirectUri = redirectUriFor(ctx, requestOrigin);
  await db.insert(oauthStates).values({
    stateHash,
    orgId: app.orgId,
    userId: ctx.actor.id as string,
    connectedAppId: app.id,
    codeVerifierCiphertext: encrypt(ctx.secrets.masterKey, verifier, verifierContext(stateHash)),
    redirectUri,
    expiresAt: new Date(ctx.clock().getTime() + STATE_TTL_MS),
  });
  const url = new URL(endpoints.authorization_endpoint);
  const params: Record<string, string> = {
    ...endpoints.authorization_params,
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: redirectUri,
    state,
  };
  if (app.scopes.length > 0) params.scope = app.scopes.join(' ');
  if (endpoints.pkce) {
    params.code_challenge = await oauth.calculatePKCECodeChallenge(verifier);
    params.code_challenge_method = 'S256';
  }
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}
