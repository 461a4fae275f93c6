import { and, eq, gt, isNull } from 'drizzle-orm';
import * as oauth from 'oauth4webapi';
import { connectedApps, oauthStates } from '../../db/schema/index.js';
import { updateInOrg } from '../../db/tenant.js';
import { decrypt } from '../../lib/crypto.js';
import { ApiError } from '../../lib/errors.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { verifyAccessToken } from '../auth/access-tokens.js';
import type { RequestContext } from '../context.js';
import { type AppTokens, readClientSecret, storeTokens } from './app-credentials.js';
import { recordAppEvent } from './app-events.js';
import {
  type ConnectedAppResource,
  type ConnectedAppRow,
  endpointsOf,
  findConnectedApp,
  toConnectedAppResource,
} from './app-resource.js';
import { hashState, verifierContext } from './authorization.js';
import { callWithToken } from './call-with-token.js';
import { authorizationServer, clientAuth, httpOptions, providerError } from './oauth-client.js';
import { startTokenWorkflow } from './token-workflow.js';
import { tokensFrom } from './tokens.js';

export interface CallbackInput {
  code?: string;
  state?: string;
  /** The provider's refusal (`access_denied` when the user declined). */
  error?: string;
  error_description?: string;
  /** The request's bearer token, if it carried one: it must be the user who began. */
  bearer?: string;
}

const invalidState = () =>
  new ApiError(
    'invalid_oauth_state',
    'The authorization state is unknown, expired, already used, or not yours',
  );

/**
 * The provider's redirect back: checks the state (known, unexpired, unused, begun by this user
 * when a bearer token says who is calling), uses it up, exchanges the code (PKCE verifier, through
 * the outbound guard), stores the tokens as the app's credential, records who they act for, and
 * starts the app's token workflow.
 */
export async function completeAuthorization(
  ctx: RequestContext,
  input: CallbackInput,
): Promise<ConnectedAppResource> {
  if (!input.state) throw invalidState();
  const stateHash = hashState(input.state);
  const now = ctx.clock();
  // tenancy: cross-tenant — the provider's redirect names its state alone; the row found names its org
  const [state] = await ctx.db.select().from(oauthStates).where(eq(oauthStates.stateHash, stateHash));
  if (!state || state.usedAt || state.expiresAt <= now) throw invalidState();
  if (input.bearer !== undefined) {
    const caller = await verifyAccessToken(ctx.secrets, ctx.config.auth.tokens, input.bearer).catch(
      () => null,
    );
    if (!caller || caller.userId !== state.userId || caller.orgId !== state.orgId) throw invalidState();
  }
  // Used up before the exchange: a replayed redirect finds it used, whatever the provider says.
  const used = await updateInOrg(
    ctx.db,
    oauthStates,
    state.orgId,
    and(eq(oauthStates.stateHash, stateHash), isNull(oauthStates.usedAt), gt(oauthStates.expiresAt, now)),
    { usedAt: now },
  ).returning({ stateHash: oauthStates.stateHash });
  if (used.length === 0) throw invalidState();

  const app = await findConnectedApp(ctx.db, state.orgId, state.connectedAppId);
  if (input.error) {
    throw new ApiError('provider_error', `The provider refused the authorization (${input.error})`, {
      details: {
        provider: {
          error: input.error.slice(0, 200),
          error_description: input.error_description?.slice(0, 500),
        },
      },
    });
  }
  const tokens = await exchangeCode(ctx, app, input, state);
  const account = await accountOf(ctx, app, tokens.claims, tokens.value);

  const row = await ctx.db.transaction(async (tx) => {
    const current = await findConnectedApp(tx, app.orgId, app.id, { forUpdate: true });
    const credentialId = await storeTokens(tx, ctx, current, tokens.value);
    const [updated] = await updateInOrg(tx, connectedApps, app.orgId, eq(connectedApps.id, app.id), {
      status: 'connected',
      tokenCredentialId: credentialId,
      account,
      tokenExpiresAt: tokens.value.expires_at ? new Date(tokens.value.expires_at) : null,
      lastRefreshedAt: now,
      updatedAt: now,
    }).returning();
    if (!updated) throw new Error('update returned no row');
    await recordAppEvent(tx, {
      orgId: app.orgId,
      appId: app.id,
      kind: 'connected',
      detail: {
        by: state.userId,
        account,
        scope: tokens.value.scope ?? null,
        expires_at: tokens.value.expires_at ?? null,
      },
      live: true,
    });
    await recordAudit(
      tx,
      { ...ctx, orgId: app.orgId, actor: { type: 'user', id: state.userId } },
      {
        action: 'connected_app.connect',
        resourceType: 'connected_app',
        resourceId: app.id,
        details: { provider: app.provider, scope: tokens.value.scope ?? null },
      },
    );
    return updated;
  });
  await startTokenWorkflow(ctx, { orgId: app.orgId, appId: app.id });
  return toConnectedAppResource(row);
}

async function exchangeCode(
  ctx: RequestContext,
  app: ConnectedAppRow,
  input: CallbackInput,
  state: { stateHash: string; codeVerifierCiphertext: string; redirectUri: string },
): Promise<{ value: AppTokens; claims: oauth.IDToken | undefined }> {
  const endpoints = endpointsOf(app);
  const as = authorizationServer(endpoints);
  const client = { client_id: app.clientId };
  const verifier = decrypt(
    ctx.secrets.masterKey,
    state.codeVerifierCiphertext,
    verifierContext(state.stateHash),
  );
  try {
    const parameters = oauth.validateAuthResponse(
      as,
      client,
      new URLSearchParams({ code: input.code ?? '', state: input.state ?? '' }),
      oauth.skipStateCheck,
    );
    const secret = await readClientSecret(ctx.db, ctx, app);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth(endpoints, secret),
      parameters,
      state.redirectUri,
      endpoints.pkce ? verifier : oauth.nopkce,
      httpOptions(ctx),
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response);
    return { value: tokensFrom(result, ctx.clock()), claims: oauth.getValidatedIdTokenClaims(result) };
  } catch (error) {
    throw providerError('code exchange', error);
  }
}

/** Who the tokens act for: the id token's claims, then the userinfo endpoint's answer, where there are. */
async function accountOf(
  ctx: RequestContext,
  app: ConnectedAppRow,
  claims: oauth.IDToken | undefined,
  tokens: AppTokens,
): Promise<Record<string, unknown>> {
  const pick = (source: Record<string, unknown>) =>
    Object.fromEntries(
      ['sub', 'id', 'login', 'email', 'name', 'preferred_username', 'iss']
        .filter((key) => typeof source[key] === 'string' || typeof source[key] === 'number')
        .map((key) => [key, source[key]]),
    );
  const account = claims ? pick(claims as Record<string, unknown>) : {};
  const userinfo = endpointsOf(app).userinfo_endpoint;
  if (!userinfo) return account;
  try {
    const answer = await callWithToken(ctx, tokens, { method: 'GET', url: userinfo }, 16 * 1024);
    if (answer.status === 200 && typeof answer.body === 'object' && answer.body !== null) {
      return { ...account, ...pick(answer.body as Record<string, unknown>) };
    }
  } catch (error) {
    // The connection stands without the account's name; the log says why it is missing.
    if (!(error instanceof OutboundError)) throw error;
    ctx.logger.warn({ app_id: app.id, code: error.code }, 'userinfo not read');
  }
  return account;
}
