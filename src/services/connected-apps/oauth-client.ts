import * as oauth from 'oauth4webapi';
import { ApiError } from '../../lib/errors.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import { guardedFetch } from '../../lib/outbound/guarded-fetch.js';
import type { Platform } from '../context.js';
import type { AppEndpoints } from './providers.js';

/** Provider answers (discovery, tokens, userinfo) are small; more is not an OAuth server talking. */
const MAX_PROVIDER_RESPONSE = 256 * 1024;
const PROVIDER_TIMEOUT_MS = 15_000;

/** oauth4webapi's transport options: every request through the outbound guard, bounded in time. */
export function httpOptions(ctx: Pick<Platform, 'outbound' | 'config'>) {
  return {
    [oauth.customFetch]: guardedFetch(ctx.outbound, { maxResponseBytes: MAX_PROVIDER_RESPONSE }),
    [oauth.allowInsecureRequests]: ctx.config.connectedApps.allowHttp,
    signal: () => AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
  } as const;
}

/**
 * The authorization server as oauth4webapi needs it. Without an issuer (a preset of a plain OAuth
 * 2.0 provider), the token endpoint's origin stands in: oauth4webapi compares it only with an id
 * token's `iss`, which such providers do not send.
 */
export function authorizationServer(endpoints: AppEndpoints): oauth.AuthorizationServer {
  return {
    issuer: endpoints.issuer ?? new URL(endpoints.token_endpoint).origin,
    authorization_endpoint: endpoints.authorization_endpoint,
    token_endpoint: endpoints.token_endpoint,
    revocation_endpoint: endpoints.revocation_endpoint,
    userinfo_endpoint: endpoints.userinfo_endpoint,
  };
}

export function clientAuth(endpoints: AppEndpoints, clientSecret: string): oauth.ClientAuth {
  return endpoints.token_auth === 'client_secret_post'
    ? oauth.ClientSecretPost(clientSecret)
    : oauth.ClientSecretBasic(clientSecret);
}

/** What the provider said, as far as it is safe to repeat: never a token, never the whole body. */
export interface ProviderRefusal {
  error: string;
  error_description?: string;
  status?: number;
}

/**
 * A provider's refusal (an OAuth error body, a refused authorization) or a failure to talk to it,
 * as facts to log and answer with. `permanent` tells a refusal of the grant (invalid_grant and
 * the like: the user must authorize again) from trouble that may pass (network, 5xx).
 */
export function describeProviderFailure(error: unknown): ProviderRefusal & { permanent: boolean } {
  const cut = (text: unknown) => (typeof text === 'string' ? text.slice(0, 500) : undefined);
  if (error instanceof oauth.ResponseBodyError) {
    return {
      error: cut(error.error) ?? 'error',
      error_description: cut(error.error_description),
      status: error.status,
      permanent: error.status < 500,
    };
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return {
      error: cut(error.error) ?? 'error',
      error_description: cut(error.error_description),
      permanent: true,
    };
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const [challenge] = error.cause;
    return {
      error: cut(challenge?.parameters.error) ?? 'invalid_token',
      error_description: cut(challenge?.parameters.error_description),
      status: error.status,
      permanent: true,
    };
  }
  if (error instanceof OutboundError) {
    return { error: error.code.toLowerCase(), error_description: error.message, permanent: !error.retryable };
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = error.cause instanceof Response ? error.cause.status : undefined;
    return {
      error: 'invalid_response',
      error_description: cut(error.message),
      status,
      permanent: status === undefined || status < 500,
    };
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { error: 'timeout', error_description: 'The provider did not answer in time', permanent: false };
  }
  throw error;
}

/** The 502 for a provider that refused or failed: what it answered, never a token. */
export function providerError(action: string, error: unknown): ApiError {
  const refusal = describeProviderFailure(error);
  const { permanent: _permanent, ...details } = refusal;
  const said = refusal.error_description ? `${refusal.error}: ${refusal.error_description}` : refusal.error;
  return new ApiError('provider_error', `The provider refused or failed the ${action} (${said})`, {
    details: { provider: details },
  });
}
