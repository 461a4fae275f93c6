import * as oauth from 'oauth4webapi';
import { ApiError, validationFailed } from '../../lib/errors.js';
import { OutboundError } from '../../lib/outbound/errors.js';
import type { ServiceContext } from '../context.js';
import { httpOptions, providerError } from './oauth-client.js';
import { type AppEndpoints, type Provider, providerCatalogue } from './providers.js';

/** The endpoints a creation may give for a `generic` provider (or to override discovery's). */
export interface GivenEndpoints {
  authorization_endpoint?: string;
  token_endpoint?: string;
  revocation_endpoint?: string;
  userinfo_endpoint?: string;
}

export function findProvider(ctx: ServiceContext, key: string): Provider {
  const provider = providerCatalogue(ctx.config)[key];
  if (!provider) {
    throw new ApiError('unknown_provider', `No provider "${key}" in the provider catalogue`, {
      details: { providers: Object.keys(providerCatalogue(ctx.config)).sort() },
    });
  }
  return provider;
}

/**
 * The app's endpoints: the preset's, then those given, then, for a provider resolved by discovery,
 * the issuer's metadata (RFC 8414 / OpenID Connect discovery, fetched through the outbound guard).
 */
export async function resolveEndpoints(
  ctx: ServiceContext,
  provider: Provider,
  input: { issuer?: string; endpoints?: GivenEndpoints },
): Promise<AppEndpoints> {
  const issuer = input.issuer ?? provider.issuer;
  let found: GivenEndpoints & { issuer?: string } = {
    issuer,
    authorization_endpoint: provider.authorization_endpoint,
    token_endpoint: provider.token_endpoint,
    revocation_endpoint: provider.revocation_endpoint,
    userinfo_endpoint: provider.userinfo_endpoint,
  };
  const given = input.endpoints ?? {};
  const complete =
    (given.authorization_endpoint ?? found.authorization_endpoint) &&
    (given.token_endpoint ?? found.token_endpoint);
  if (provider.discovery && !complete) {
    if (!issuer) {
      throw validationFailed('connected app', [
        { path: 'body.issuer', code: 'required', message: 'give the issuer (for discovery) or endpoints' },
      ]);
    }
    found = { ...found, ...(await discover(ctx, issuer)) };
  }
  const merged = { ...found, ...definedOnly(given) };
  if (!merged.authorization_endpoint || !merged.token_endpoint) {
    throw validationFailed('connected app', [
      {
        path: 'body.endpoints',
        code: 'required',
        message: 'authorization_endpoint and token_endpoint are needed',
      },
    ]);
  }
  return {
    issuer: merged.issuer,
    authorization_endpoint: merged.authorization_endpoint,
    token_endpoint: merged.token_endpoint,
    revocation_endpoint: merged.revocation_endpoint,
    userinfo_endpoint: merged.userinfo_endpoint,
    pkce: provider.pkce,
    token_auth: provider.token_auth,
    authorization_params: provider.authorization_params,
  };
}

async function discover(ctx: ServiceContext, issuer: string) {
  const issuerUrl = new URL(issuer);
  // What the request itself gets wrong is the caller's to fix (400), not the provider's failure (502).
  if (issuerUrl.protocol !== 'https:' && !ctx.config.connectedApps.allowHttp) {
    throw validationFailed('connected app', [
      { path: 'body.issuer', code: 'https_required', message: 'the issuer must be an https URL' },
    ]);
  }
  let server: oauth.AuthorizationServer;
  try {
    const response = await oauth.discoveryRequest(issuerUrl, { ...httpOptions(ctx), algorithm: 'oidc' });
    server = await oauth.processDiscoveryResponse(issuerUrl, response);
  } catch (error) {
    if (
      error instanceof OutboundError &&
      (error.code === 'DESTINATION_NOT_ALLOWED' || error.code === 'INVALID_URL')
    ) {
      throw new ApiError(
        'destination_not_allowed',
        `The issuer is not an address Conveyor may reach: ${error.message}`,
        {
          details: error.rule ? { rule: error.rule } : undefined,
        },
      );
    }
    throw providerError('discovery', error);
  }
  const url = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    issuer: server.issuer,
    authorization_endpoint: url(server.authorization_endpoint),
    token_endpoint: url(server.token_endpoint),
    revocation_endpoint: url(server.revocation_endpoint),
    userinfo_endpoint: url(server.userinfo_endpoint),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
