import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { DecryptionError } from '../../lib/crypto.js';
import { ApiError } from '../../lib/errors.js';
import { sendOutbound } from '../../lib/outbound/client.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import type { OutboundGuard } from '../../lib/outbound/guard.js';
import { ConnectedAppUnavailableError, openConnectedAppToken } from '../connected-apps/open-app-token.js';
import { type Platform, systemContext } from '../context.js';
import type { OAuthTokenCache } from './oauth-token-cache.js';
import { CredentialNotFoundError, openCredentialByName } from './open-credential-by-name.js';

/** What an http step names in `auth`; the workflow adds the run's organization. */
export interface StepAuth {
  orgId: string;
  credential?: string;
  connectedApp?: string;
}

/** What authenticating the request adds to it, and the strings to keep out of everything stored. */
export interface AppliedAuth {
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Header names that carry the secret: dropped when a redirect leaves the origin. */
  sensitiveHeaders: string[];
  /** Every secret string sent, to mask in the response and in errors. */
  secrets: string[];
}

const TOKEN_RESPONSE_MAX_BYTES = 64 * 1024;

/**
 * Turns a step's `auth` into headers or query parameters, inside the activity: the only place a
 * credential is decrypted for a run. The workflow, its history and the step records only ever hold
 * the credential's name.
 */
export function createStepAuthResolver(deps: {
  platform: Platform;
  outbound: OutboundGuard;
  tokens: OAuthTokenCache;
}) {
  return async function applyStepAuth(auth: StepAuth, signal?: AbortSignal): Promise<AppliedAuth> {
    const ctx = systemContext(deps.platform, auth.orgId);
    try {
      if (auth.connectedApp !== undefined) {
        const token = await openConnectedAppToken(ctx, auth.connectedApp);
        return bearer(token.tokenType, token.accessToken);
      }
      const credential = await openCredentialByName(ctx, auth.credential ?? '');
      const value = credential.value as Record<string, unknown>;
      switch (credential.type) {
        case 'api_key': {
          const key = text(value.key);
          const name = text(value.name) || 'X-API-Key';
          return value.placement === 'query'
            ? { headers: {}, query: { [name]: key }, sensitiveHeaders: [], secrets: [key] }
            : { headers: { [name]: key }, query: {}, sensitiveHeaders: [name], secrets: [key] };
        }
        case 'basic_auth': {
          const password = text(value.password);
          const encoded = Buffer.from(`${text(value.username)}:${password}`).toString('base64');
          return {
            headers: { Authorization: `Basic ${encoded}` },
            query: {},
            sensitiveHeaders: ['Authorization'],
            secrets: [password, encoded],
          };
        }
        case 'bearer_token':
          return bearer('Bearer', text(value.token));
        case 'oauth2_client_credentials': {
          const token = await clientCredentialsToken(credential.id, value, signal);
          return {
            ...bearer(token.tokenType, token.accessToken),
            secrets: [token.accessToken, text(value.client_secret)],
          };
        }
        default:
          throw ApplicationFailure.create({
            message: `Credential "${credential.name}" is of type ${credential.type}, which cannot authenticate an http step`,
            type: 'CREDENTIAL_UNUSABLE',
            nonRetryable: true,
          });
      }
    } catch (error) {
      throw asFailure(error);
    }
  };

  async function clientCredentialsToken(
    credentialId: string,
    value: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ) {
    // The value's digest in the key: a credential edited through the API fetches a token anew.
    const cacheKey = `${credentialId}:${createHash('sha256').update(JSON.stringify(value)).digest('base64url')}`;
    const cached = deps.tokens.get(cacheKey);
    if (cached) return cached;
    const clientId = text(value.client_id);
    const clientSecret = text(value.client_secret);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    const scopes = Array.isArray(value.scopes) ? value.scopes.map(String) : [];
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    if (typeof value.audience === 'string' && value.audience) form.set('audience', value.audience);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (value.auth_method === 'client_secret_post') {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    } else {
      // RFC 6749 §2.3.1: each part form-encoded before the Basic encoding.
      const pair = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    const response = await sendOutbound(deps.outbound, {
      method: 'POST',
      url: text(value.token_url),
      headers,
      body: form.toString(),
      maxResponseBytes: TOKEN_RESPONSE_MAX_BYTES,
      signal,
    });
    const answer = parseJson(response.body.toString('utf8'));
    if (response.status < 200 || response.status >= 300 || typeof answer?.access_token !== 'string') {
      const reason =
        typeof answer?.error === 'string' ? answer.error.slice(0, 200) : `status ${response.status}`;
      throw ApplicationFailure.create({
        message: `The token endpoint refused the client credentials (${reason})`,
        type: 'OAUTH_TOKEN_REFUSED',
        // The endpoint failing is worth another try; a refusal of these credentials is not.
        nonRetryable: response.status < 500 && response.status !== 429,
      });
    }
    const expiresIn = Number(answer.expires_in);
    const token = {
      accessToken: answer.access_token,
      tokenType: typeof answer.token_type === 'string' && answer.token_type ? answer.token_type : 'Bearer',
      // No expiry given: reuse it for five minutes, then ask again.
      expiresAtMs: Date.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 300) * 1000,
    };
    deps.tokens.set(cacheKey, token);
    return token;
  }
}

function bearer(tokenType: string, accessToken: string): AppliedAuth {
  // Providers answer `bearer` in lower case; servers expect the scheme as RFC 6750 spells it.
  const scheme = tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType;
  return {
    headers: { Authorization: `${scheme} ${accessToken}` },
    query: {},
    sensitiveHeaders: ['Authorization'],
    secrets: [accessToken],
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Each way resolving `auth` can fail, as the failure Temporal's retry policy should see. */
function asFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof CredentialNotFoundError) {
    return ApplicationFailure.create({
      message: error.message,
      type: 'CREDENTIAL_NOT_FOUND',
      nonRetryable: true,
    });
  }
  if (error instanceof ConnectedAppUnavailableError) {
    return ApplicationFailure.create({
      message: error.message,
      type: 'CONNECTED_APP_UNAVAILABLE',
      nonRetryable: true,
    });
  }
  if (error instanceof DecryptionError) {
    return ApplicationFailure.create({
      message: 'The credential’s stored value does not authenticate; set a new value',
      type: 'CREDENTIAL_UNREADABLE',
      nonRetryable: true,
    });
  }
  // Another worker may hold the key version this one lacks: retry.
  if (error instanceof ApiError && error.code === 'master_key_unavailable') {
    return ApplicationFailure.create({ message: error.message, type: 'MASTER_KEY_UNAVAILABLE' });
  }
  if (error instanceof OutboundError) {
    return ApplicationFailure.create({
      message: error.message,
      type: error.code,
      nonRetryable: !error.retryable,
    });
  }
  return error;
}
